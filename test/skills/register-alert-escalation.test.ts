import { confirms, says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';
import { startTwilioStandIn, type TwilioStandIn } from '../integrations/stand-ins/twilio-stand-in';

const YEAR = new Date().getFullYear();
const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'twilio-auth-token-0123456789';
const LEAD_PHONE = '+4915111111111';

/** Registering in chat: the priority raise is said to the analyst, and a P1/P2 alert reaches the leads at once. */
describe('skills/register-alert: priority raise and escalation', () => {
  let harness: BotHarness | undefined;
  let twilio: TwilioStandIn;
  beforeEach(async () => {
    twilio = await startTwilioStandIn(SID, TOKEN);
  });
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
    await twilio.close();
  });

  const escalatingTo = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    LEADS_NOTIFY: 'sms',
    LEADS_SMS_TO: LEAD_PHONE,
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_FROM: '+15017122661',
    TWILIO_API_URL: twilio.url,
    PUBLIC_BASE_URL: 'https://socbot.example.com',
    BASIS_ACK_SECRET: 'ack-secret-0123456789abcdef',
    SOCBOT_CRITICAL_SYSTEMS: 'PRD',
    ...env,
  });

  it('says that a business-critical system raised the priority, and that the leads got the escalation', async () => {
    harness = await startBot({ env: escalatingTo() });
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P4')
      .assertReply(confirms('Register alert 4711 on PRD'))
      .send('yes')
      .assertReply(
        says(
          `Registered alert 4711 as SOC-${YEAR}-0001 (priority P2).`,
          'I raised it from P4 to P2: PRD is a business-critical system.',
          `Sent the SOC leads the P2 escalation for SOC-${YEAR}-0001 by sms.`,
        ),
      );
    expect(twilio.messages.map((message) => message.to)).toEqual([LEAD_PHONE]);
  });

  it('a P1/P2 alert with nobody configured to escalate to says so', async () => {
    harness = await startBot({ env: {} });
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P1')
      .assertReply(confirms('Register alert 4711 on PRD'))
      .send('yes')
      .assertReply(says('(priority P1)', 'LEADS_NOTIFY and EXEC_NOTIFY are empty'));
  });

  it('a P3 alert on another system is neither raised nor escalated', async () => {
    harness = await startBot({ env: escalatingTo() });
    await harness.adapter
      .send('register alert 4712 on DEV, user DDIC from terminal PC-0815, P3')
      .assertReply(confirms('Register alert 4712 on DEV'))
      .send('yes')
      .assertReply((activity) => {
        expect(activity.text).toContain('(priority P3).');
        expect(activity.text).not.toContain('raised');
        expect(activity.text).not.toContain('escalation');
      });
    expect(twilio.messages).toHaveLength(0);
  });
});
