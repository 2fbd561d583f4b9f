import { registeredAlerts } from '../helpers/alerts-on-disk';
import { confirms, says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';

/** socbot's references count per year of registration. */
const YEAR = new Date().getFullYear();

describe('skills/register-alert', () => {
  let harness: BotHarness;
  beforeEach(async () => {
    harness = await startBot();
  });
  afterEach(async () => {
    await harness.dispose();
  });

  const REGISTER = 'register alert 4711 on PRD, user DDIC from terminal PC-0815, P2';

  it('says an alert ID on a system is already registered, names the ref, and registers again only when the analyst insists', async () => {
    await harness.adapter
      .send(REGISTER)
      .assertReply(confirms('Register alert 4711 on PRD'))
      .send('yes')
      .assertReply(says(`Registered alert 4711 as SOC-${YEAR}-0001`))
      .send(REGISTER)
      .assertReply(confirms('Register alert 4711 on PRD'))
      .send('yes')
      .assertReply(
        confirms(
          `Alert 4711 on PRD is already registered as SOC-${YEAR}-0001: register it again anyway?`,
          'Say "yes" to register an alert anyway, or "no" to cancel.',
        ),
      );
    expect(await registeredAlerts(harness.dataDir)).toHaveLength(1);
    await harness.adapter
      .send('no')
      .assertReply(says('OK, cancelled'))
      .send(REGISTER)
      .assertReply(confirms('Register alert 4711 on PRD'))
      .send('yes')
      .assertReply(confirms(`already registered as SOC-${YEAR}-0001`))
      .send('yes')
      .assertReply(says(`Registered alert 4711 as SOC-${YEAR}-0002`));
    expect((await registeredAlerts(harness.dataDir)).map((alert) => alert.ref)).toEqual([
      `SOC-${YEAR}-0001`,
      `SOC-${YEAR}-0002`,
    ]);
  });

  it('registers the same alert ID on another system without a question', async () => {
    await harness.adapter
      .send(REGISTER)
      .assertReply(confirms('Register alert 4711 on PRD'))
      .send('yes')
      .assertReply(says(`Registered alert 4711 as SOC-${YEAR}-0001`))
      .send('register alert 4711 on QAS, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms('Register alert 4711 on QAS'))
      .send('yes')
      .assertReply(says(`Registered alert 4711 as SOC-${YEAR}-0002`));
  });
});
