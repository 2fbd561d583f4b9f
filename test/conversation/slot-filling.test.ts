import { cardSubmit, confirms, says, startBot, type BotHarness } from './helpers/bot-harness';
import { registeredAlerts } from '../helpers/alerts-on-disk';

const FULL = 'ETD raised alert 4711 on PRD, user DDIC from terminal PC-0815, P2';

describe('slot filling: register an alert', () => {
  let harness: BotHarness;
  beforeEach(async () => {
    harness = await startBot();
  });
  afterEach(async () => {
    await harness.dispose();
  });

  const alerts = () => registeredAlerts(harness.dataDir);

  it('takes every slot from one message, confirms with the card button and registers the alert', async () => {
    await harness.adapter
      .send(FULL)
      .assertReply(
        confirms(
          "OK, let's register an alert.",
          'alert ID 4711',
          'terminal PC-0815',
          'user DDIC',
          'system PRD',
          'Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority P2?',
        ),
      )
      .send(cardSubmit('confirm', 'register-alert'))
      .assertReply(says('Registered alert 4711 as SOC-', '(priority P2)'));
    const [alert, ...more] = await alerts();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      status: 'registered',
      createdBy: 'User1',
      conversationId: 'Convo1',
    });
    expect(alert?.ref).toMatch(/^SOC-\d{4}-0001$/);
  });

  it('confirms with a typed "yes" too', async () => {
    await harness.adapter
      .send(FULL)
      .assertReply(confirms("OK, let's register an alert.", 'Register alert 4711'))
      .send('yes')
      .assertReply(says('Registered alert 4711 as SOC-'));
    expect(await alerts()).toHaveLength(1);
  });

  it.each([
    ['alert ID', 'register an alert on PRD, user DDIC from terminal PC-0815, P2', 'Which alert ID', '4711'],
    ['terminal', 'register alert 4711 on PRD, user DDIC, P2', 'From which terminal', 'PC-0815'],
    ['user', 'register alert 4711 on PRD from terminal PC-0815, P2', 'Which SAP user', 'DDIC'],
    ['system', 'register alert 4711, user DDIC from terminal PC-0815, P2', 'On which SAP system', 'PRD'],
  ])('asks only for the missing %s and reads a bare answer as it', async (_slot, first, question, answer) => {
    await harness.adapter
      .send(first)
      .assertReply(says("OK, let's register an alert.", question))
      .send(answer)
      .assertReply(confirms('Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority P2?'));
  });

  it('asks for every slot in order when nothing was given, and lets the optional priority be skipped', async () => {
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
    expect((await alerts())[0]).toMatchObject({ username: 'DDIC', system: 'PRD', priority: 'P3' });
  });

  it('keeps the SAP client given with the system and registers it separately', async () => {
    await harness.adapter
      .send('register alert 4711, user DDIC from terminal PC-0815, P2')
      .assertReply(says("OK, let's register", 'On which SAP system'))
      .send('prd client 100')
      .assertReply(confirms('Register alert 4711 on PRD/100:'))
      .send('yes')
      .assertReply(says('Registered alert 4711'));
    expect((await alerts())[0]).toMatchObject({ system: 'PRD', client: '100' });
  });

  it('re-prompts an invalid value with the reason and an example, then takes a valid one', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC, P1')
      .assertReply(says("OK, let's register an alert.", 'From which terminal'))
      .send('somewhere over there')
      .assertReply(says("That doesn't look like a terminal", 'host name', 'From which terminal', 'PC-0815'))
      .send('PC-0815')
      .assertReply(confirms('terminal PC-0815, priority P1?'));
  });

  it('stops politely after three invalid answers, keeps the values and reuses them on restart of the skill', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC, P1')
      .assertReply(says("OK, let's register an alert.", 'From which terminal'))
      .send('no idea at all')
      .assertReply(says("That doesn't look like a terminal"))
      .send('still no idea')
      .assertReply(says("That doesn't look like a terminal"))
      .send('really not sure')
      .assertReply(
        says(
          "That's three tries for the terminal, so let's stop here; nothing was done.",
          'I kept what you gave me (alert ID 4711, user DDIC, system PRD, priority P1)',
          'say "register an alert"',
        ),
      )
      .send('register an alert')
      .assertReply(says('I have alert ID 4711, user DDIC, system PRD, priority P1.', 'From which terminal'))
      .send('PC-0815')
      .assertReply(confirms('Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority P1?'));
    expect(await alerts()).toEqual([]);
  });

  it('counts failures per slot: a valid answer in between starts the count again', async () => {
    await harness.adapter
      .send('register an alert')
      .assertReply(says("OK, let's register", 'Which alert ID'))
      .send('the big one')
      .assertReply(says("That doesn't look like an alert ID"))
      .send('the other one')
      .assertReply(says("That doesn't look like an alert ID"))
      .send('4711')
      .assertReply(says('From which terminal'))
      .send('no idea')
      .assertReply(says("That doesn't look like a terminal"))
      .send('PC-0815')
      .assertReply(says('Which SAP user'));
  });
});
