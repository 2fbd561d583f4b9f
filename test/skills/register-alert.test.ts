import { registeredAlerts } from '../helpers/alerts-on-disk';
import { cardSubmit, confirms, says, startBot, type BotHarness } from '../conversation/helpers/bot-harness';

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
          'Say "yes anyway" if you still want to register an alert, or "no" to cancel.',
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
      .send('yes anyway')
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

  it('registers every value of one message, with who asked and where', async () => {
    await harness.adapter
      .send(REGISTER)
      .assertReply(confirms('Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority P2?'))
      .send(cardSubmit('confirm', 'register-alert'))
      .assertReply(says(`Registered alert 4711 as SOC-${YEAR}-0001 (priority P2)`));
    expect(await registeredAlerts(harness.dataDir)).toEqual([
      expect.objectContaining({
        alertId: '4711',
        terminal: 'PC-0815',
        username: 'DDIC',
        system: 'PRD',
        priority: 'P2',
        status: 'registered',
        createdBy: 'User1',
        conversationId: 'Convo1',
      }),
    ]);
  });

  it('asks its questions in order and registers a skipped priority as P3', async () => {
    await harness.adapter
      .send('register an alert')
      .assertReply(
        "OK, let's register an alert.\n\nWhich alert ID did the detection system raise? (e.g. 4711)",
      )
      .send('4711')
      .assertReply('From which terminal did the activity come? (e.g. PC-0815)')
      .send('PC-0815')
      .assertReply('Which SAP user was involved? (e.g. DDIC)')
      .send('ddic')
      .assertReply('On which SAP system (SID) did it happen? (e.g. PRD)')
      .send('prd')
      .assertReply(says('Which priority'))
      .send('skip')
      .assertReply(confirms('Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority not given?'))
      .send('yes')
      .assertReply(says('(priority P3)'));
    expect((await registeredAlerts(harness.dataDir))[0]).toMatchObject({
      username: 'DDIC',
      system: 'PRD',
      priority: 'P3',
    });
  });

  it('keeps the SAP client given with the system and registers it separately', async () => {
    await harness.adapter
      .send('register alert 4711, user DDIC from terminal PC-0815, P2')
      .assertReply(says("OK, let's register", 'On which SAP system'))
      .send('prd client 100')
      .assertReply(confirms('Register alert 4711 on PRD/100:'))
      .send('yes')
      .assertReply(says('Registered alert 4711'));
    expect((await registeredAlerts(harness.dataDir))[0]).toMatchObject({ system: 'PRD', client: '100' });
  });
});
