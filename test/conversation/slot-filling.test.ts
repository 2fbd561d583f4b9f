import path from 'node:path';
import { cardSubmit, confirms, says, startBot, type BotHarness } from './helpers/bot-harness';

/** Engine fixture skills (test/fixtures/skills/engine): `log-incident` asks alert ID, terminal, priority (optional). */
const ENGINE_SKILLS = path.join(__dirname, '..', 'fixtures', 'skills', 'engine');

describe('slot filling', () => {
  let harness: BotHarness;
  beforeEach(async () => {
    harness = await startBot({ skillsDir: ENGINE_SKILLS });
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it('takes every slot from one message, confirms with the card button and passes the values to the action', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815, P2')
      .assertReply(
        confirms(
          "OK, let's log an incident. I have alert ID 4711, terminal PC-0815, priority P2.",
          'Log incident 4711 from PC-0815 at priority P2?',
        ),
      )
      .send(cardSubmit('confirm', 'log-incident'))
      .assertReply('Logged incident 4711 from PC-0815 at P2.');
  });

  it('confirms with a typed "yes" too', async () => {
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815, P2')
      .assertReply(confirms('Log incident 4711'))
      .send('yes')
      .assertReply('Logged incident 4711 from PC-0815 at P2.');
  });

  it.each([
    ['alert ID', 'register an alert from terminal PC-0815, P2', 'Which alert ID?', '4711'],
    ['terminal', 'register alert 4711, P2', 'Which terminal?', 'PC-0815'],
  ])('asks only for the missing %s and reads a bare answer as it', async (_slot, first, question, answer) => {
    await harness.adapter
      .send(first)
      .assertReply(says("OK, let's log an incident.", question))
      .send(answer)
      .assertReply(confirms('Log incident 4711 from PC-0815 at priority P2?'));
  });

  it('asks for every slot in order when nothing was given, and lets the optional one be skipped', async () => {
    await harness.adapter
      .send('register an alert')
      .assertReply("OK, let's log an incident.\n\nWhich alert ID? (e.g. 4711)")
      .send('4711')
      .assertReply('Which terminal? (e.g. PC-0815)')
      .send('PC-0815')
      .assertReply('Which priority? Say "skip" for none. (e.g. P2)')
      .send('skip')
      .assertReply(confirms('Log incident 4711 from PC-0815 at priority not given?'))
      .send('yes')
      .assertReply('Logged incident 4711 from PC-0815 at no priority.');
  });

  it('re-prompts an invalid value with the reason and an example, then takes a valid one', async () => {
    await harness.adapter
      .send('register alert 4711, P1')
      .assertReply(says("OK, let's log an incident.", 'Which terminal?'))
      .send('somewhere over there')
      .assertReply(says("That doesn't look like a terminal", 'host name', 'Which terminal?', 'PC-0815'))
      .send('PC-0815')
      .assertReply(confirms('Log incident 4711 from PC-0815 at priority P1?'));
  });

  it('stops politely after three invalid answers, keeps the values and reuses them on restart of the skill', async () => {
    await harness.adapter
      .send('register alert 4711, P1')
      .assertReply(says('Which terminal?'))
      .send('no idea at all')
      .assertReply(says("That doesn't look like a terminal"))
      .send('still no idea')
      .assertReply(says("That doesn't look like a terminal"))
      .send('really not sure')
      .assertReply(
        says(
          "That's three tries for the terminal, so let's stop here; nothing was done.",
          'I kept what you gave me (alert ID 4711, priority P1)',
          'say "log an incident"',
        ),
      )
      .send('register an alert')
      .assertReply(says('I have alert ID 4711, priority P1.', 'Which terminal?'))
      .send('PC-0815')
      .assertReply(confirms('Log incident 4711 from PC-0815 at priority P1?'));
  });

  it('counts failures per slot: a valid answer in between starts the count again', async () => {
    await harness.adapter
      .send('register an alert')
      .assertReply(says('Which alert ID?'))
      .send('the big one')
      .assertReply(says("That doesn't look like an alert ID"))
      .send('the other one')
      .assertReply(says("That doesn't look like an alert ID"))
      .send('4711')
      .assertReply(says('Which terminal?'))
      .send('no idea')
      .assertReply(says("That doesn't look like a terminal"))
      .send('PC-0815')
      .assertReply(says('Which priority?'));
  });
});
