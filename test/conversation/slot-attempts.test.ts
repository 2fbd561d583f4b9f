import path from 'node:path';
import { fakeRecognizer } from './helpers/fake-recognizer';
import { confirms, says, startBot, type BotHarness } from './helpers/bot-harness';

/** Engine fixture skills (test/fixtures/skills/engine), not the shipped ones. */
const ENGINE_SKILLS = path.join(__dirname, '..', 'fixtures', 'skills', 'engine');

describe('an answer to the asked slot that the model reads as small talk', () => {
  let harness: BotHarness;
  // What a classifier trained on "bye" and "thanks" may make of short unknown words.
  const recognizer = fakeRecognizer({
    'prio hgh': { intent: 'bye', score: 0.55, alternatives: [{ intent: 'bye', score: 0.55 }] },
    'P-9': { intent: 'thanks', score: 0.5, alternatives: [{ intent: 'thanks', score: 0.5 }] },
  });
  beforeEach(async () => {
    harness = await startBot({ recognizer, skillsDir: ENGINE_SKILLS });
    await harness.adapter
      .send('register alert 4711 from terminal PC-0815')
      .assertReply(says("OK, let's log an incident.", 'Which priority?'));
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it.each(['prio hgh', 'P-9'])(
    'is re-prompted as an attempt at the slot, never answered "Goodbye": %s',
    async (text) => {
      await harness.adapter
        .send(text)
        .assertReply((activity) => {
          says("That doesn't look like a priority", 'Which priority?', 'P1 (critical), P2 (high)')(activity);
          expect(activity.text).not.toMatch(/Goodbye|welcome/);
        })
        .send('P2')
        .assertReply(confirms('Log incident 4711 from PC-0815 at priority P2?'));
    },
  );

  it('still answers sure small talk that does not look like an answer, and asks again', async () => {
    await harness.adapter
      .send('bye')
      .assertReply(says('Goodbye.', 'Which priority?'))
      .send('P2')
      .assertReply(confirms('Log incident 4711 from PC-0815 at priority P2?'));
  });
});
