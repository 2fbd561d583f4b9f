import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ackUrl } from '../../src/integrations/ack-token';
import { escalationAckUrl } from '../../src/integrations/escalation-ack-token';
import { signWebhook } from '../../src/integrations/webhook-signature';
import { startSocbotUnderTest, type SocbotUnderTest } from '../app/helpers/socbot-under-test';
import { httpRequest } from '../helpers/http-request';
import { startTwilioStandIn, type TwilioStandIn } from '../integrations/stand-ins/twilio-stand-in';
import { jsonBody } from '../integrations/stand-ins/stand-in-server';
import { startWebhookReceiver, type WebhookReceiver } from '../integrations/stand-ins/webhook-receiver';
import { eventually } from '../outbox/outbox-test-kit';
import { trainProjectModel } from './helpers/trained-model';

const SIEM_SECRET = 'siem-secret-0123456789abcdef';
const ACK_SECRET = 'ack-secret-0123456789abcdef';
const PUBLIC_BASE_URL = 'https://socbot.example.com';
const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'twilio-auth-token-0123456789';
const LEAD_PHONE = '+4915111111111';
const EXEC_PHONE = '+4915222222222';
/** SOCBOT_ESCALATE_AFTER_MINUTES 0.025: 1.5 s. */
const AFTER_MS = 1500;

/**
 * Escalation end to end over HTTP: a signed POST /api/alerts → the SOC leads (SMS and a Teams
 * Workflows webhook) and the executives (SMS) are told through the outbox; the signed link in an
 * SMS, opened on socbot's server, acknowledges and stops the next tier.
 */
describe('escalation over HTTP: SIEM alert → SMS and webhook → acknowledge link', () => {
  let dir: string;
  let twilio: TwilioStandIn;
  let leadsWebhook: WebhookReceiver;
  let socbot: SocbotUnderTest;

  beforeAll(async () => {
    const trained = await trainProjectModel();
    dir = trained.dir;
    twilio = await startTwilioStandIn(SID, TOKEN);
    leadsWebhook = await startWebhookReceiver(undefined);
    socbot = await startSocbotUnderTest({
      dataDir: path.join(dir, 'data'),
      modelPath: trained.modelPath,
      env: {
        SIEM_WEBHOOK_SECRET: SIEM_SECRET,
        LEADS_NOTIFY: 'webhook,sms',
        LEADS_WEBHOOK_URL: `${leadsWebhook.url}/workflows/leads`,
        LEADS_SMS_TO: LEAD_PHONE,
        EXEC_NOTIFY: 'sms',
        EXEC_SMS_TO: EXEC_PHONE,
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_FROM: '+15017122661',
        TWILIO_API_URL: twilio.url,
        PUBLIC_BASE_URL,
        BASIS_ACK_SECRET: ACK_SECRET,
        SOCBOT_ESCALATE_AFTER_MINUTES: String(AFTER_MS / 60_000),
      },
    });
  });
  afterAll(async () => {
    await socbot.server.stop();
    await twilio.close();
    await leadsWebhook.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function deliver(alert: Record<string, unknown>): Promise<string> {
    const body = JSON.stringify({
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      source: 'splunk',
      ...alert,
    });
    const res = await httpRequest(`${socbot.server.url}/api/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signWebhook(SIEM_SECRET, body) },
      body,
    });
    expect(res.status).toBe(202);
    return (res.json as { ref: string }).ref;
  }
  const smsFor = (ref: string, phone: string) =>
    twilio.messages.filter((message) => message.to === phone && message.body.includes(ref));
  const webhookCardsFor = (ref: string) =>
    leadsWebhook.accepted.filter((request) => JSON.stringify(jsonBody(request)).includes(ref));
  /** The acknowledge link of a text, pointed at the server under test instead of PUBLIC_BASE_URL. */
  const linkIn = (text: string): string => {
    const link = /Ack: (\S+)/.exec(text)?.[1];
    if (!link) throw new Error(`no acknowledge link in: ${text}`);
    expect(link.startsWith(`${PUBLIC_BASE_URL}/api/escalation/ack?`)).toBe(true);
    return link.replace(PUBLIC_BASE_URL, socbot.server.url);
  };
  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('P1: leads and executives at once; the link in the lead SMS acknowledges (POST, not GET) and no reminder follows', async () => {
    const ref = await deliver({ alertId: '9101', priority: 'P1', title: 'Brute force against DDIC' });
    await eventually(
      () =>
        smsFor(ref, LEAD_PHONE).length === 1 &&
        smsFor(ref, EXEC_PHONE).length === 1 &&
        webhookCardsFor(ref).length === 1,
      5000,
    );
    const card = JSON.stringify(jsonBody(webhookCardsFor(ref)[0]));
    expect(card).toContain('Acknowledge to stop the escalation');
    expect(card).toContain('/api/escalation/ack?ref=');

    const link = linkIn(smsFor(ref, LEAD_PHONE)[0]!.body);
    // GET (a link preview, a mail scanner) shows the button and records nothing.
    const page = await httpRequest(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Acknowledge ${ref}`);
    // The first POST acknowledges (so the GET above recorded nothing), a second one says so.
    const posted = await httpRequest(link, { method: 'POST' });
    expect(posted.status).toBe(200);
    expect(posted.text).toContain(`Acknowledged ${ref}`);
    const again = await httpRequest(link, { method: 'POST' });
    expect(again.text).toContain('already acknowledged');

    // The delay passes: the timer fires, finds the acknowledgement, tells nobody.
    await eventually(async () => {
      const timer = (await socbot.app.outbox.list()).find(
        (job) => job.type === 'escalate.next' && job.origin.alertRef === ref,
      );
      return timer?.status === 'succeeded';
    }, AFTER_MS + 5000);
    await settle(300);
    expect(smsFor(ref, LEAD_PHONE)).toHaveLength(1);
    expect(smsFor(ref, EXEC_PHONE)).toHaveLength(1);
    expect(webhookCardsFor(ref)).toHaveLength(1);
  });

  it('P2: the leads at once, the executives only after the delay when nobody acknowledged', async () => {
    const started = Date.now();
    const ref = await deliver({ alertId: '9102', priority: 'P2' });
    await eventually(() => smsFor(ref, LEAD_PHONE).length === 1 && webhookCardsFor(ref).length === 1, 5000);
    expect(smsFor(ref, EXEC_PHONE)).toHaveLength(0);
    await eventually(() => smsFor(ref, EXEC_PHONE).length === 1, AFTER_MS + 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(AFTER_MS);
    expect(smsFor(ref, EXEC_PHONE)[0]?.body).toMatch(/^NOT ACKNOWLEDGED/);
  });

  it('refuses a changed token (401), a Basis link (401), an unconfigured recipient (403) and an incomplete link (400)', async () => {
    const ref = await deliver({ alertId: '9103', priority: 'P3' });
    const base = socbot.server.url;
    const genuine = escalationAckUrl(base, ref, `leads:sms:${LEAD_PHONE}`, ACK_SECRET);
    const changed = genuine.replace(/token=([^&]+)/, (_m, token: string) => `token=${token.slice(0, -2)}xx`);
    expect((await httpRequest(changed, { method: 'POST' })).status).toBe(401);
    // A Basis acknowledgement link signs another purpose: it cannot stop an escalation.
    const basis = new URL(ackUrl(base, ref, ACK_SECRET));
    const tag = new URL(genuine).searchParams.get('r') ?? '';
    const crossed = `${base}/api/escalation/ack?ref=${ref}&r=${tag}&token=${basis.searchParams.get('token')}`;
    expect((await httpRequest(crossed, { method: 'POST' })).status).toBe(401);
    // Genuinely signed, but for a number that is not among the recipients: not allowed, audited.
    const stranger = escalationAckUrl(base, ref, 'exec:sms:+4915999999999', ACK_SECRET);
    const refused = await httpRequest(stranger, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect((await httpRequest(`${base}/api/escalation/ack?ref=${ref}`)).status).toBe(400);
    expect(await socbot.app.escalation.fire(ref)).toMatchObject({ outcome: 'not-escalated' });
  });
});
