import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../../src/nlu/corpus/load-corpus';
import type { NluModel } from '../../src/nlu/nlu-model';
import { trainModel } from '../../src/nlu/train-model';
import { says, startBot, type BotHarness } from './helpers/bot-harness';
import { fakeRecognizer } from './helpers/fake-recognizer';

/** "why?" on the real model trained from the project corpus: the bot explains the previous message. */
describe('"why?" after an answer (real model)', () => {
  let model: NluModel;
  let harness: BotHarness;
  beforeAll(async () => {
    model = await trainModel(loadCorpus(path.resolve(__dirname, '../../corpus')));
  });
  beforeEach(async () => {
    harness = await startBot({
      recognizer: model,
      dataDir: await mkdtemp(path.join(os.tmpdir(), 'socbot-why-')),
    });
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it.each(['why?', 'why did you think that?', 'what made you say that', 'why did you do that'])(
    'the model reads "%s" as a question about the last answer',
    async (text) => {
      expect((await model.recognize(text)).intent).toBe('explain_last');
    },
  );

  it('says there is nothing to explain before anything was recognised', async () => {
    await harness.adapter.send('why?').assertReply("There's nothing to explain yet: ask me something first.");
  });

  it('names the intent, the threshold and the real top features of the previous message, twice', async () => {
    const question = 'what can you do for me';
    const expected = await model.explain(question);
    expect(expected.intent).toBe('help');
    const topLabel = expected.forIntent[0]?.label ?? 'no feature';
    const explains = says(
      `About "${question}": I read it as **help** (${expected.score.toFixed(2)}; threshold ${model.meta.threshold.toFixed(2)})`,
      `rather than **${expected.runnerUp?.intent ?? ''}**`,
      `mostly because of: ${topLabel}`,
    );
    await harness.adapter
      .send(question)
      .assertReply((activity) => expect(activity.text).toBeDefined())
      .send('why did you think that?')
      .assertReply(explains)
      // "why?" itself is not remembered: asked again, it still explains the same message.
      .send('why?')
      .assertReply(explains);
  });

  it('explains inside an open form, then asks the open question again', async () => {
    await harness.adapter
      .send('register alert')
      .assertReply(says('Which alert ID'))
      .send('why?')
      .assertReply(
        says(
          'About "register alert": I read it as **alert**',
          'threshold',
          'mostly because of:',
          'Which alert ID',
        ),
      );
  });
});

describe('"why?" with a recognizer that cannot explain', () => {
  it('says so instead of inventing a reason', async () => {
    const harness = await startBot({
      recognizer: fakeRecognizer({ 'why?': { intent: 'explain_last', score: 0.95 } }),
    });
    try {
      await harness.adapter
        .send('hello')
        .assertReply((activity) => expect(activity.text).toBeDefined())
        .send('why?')
        .assertReply("I can't explain my answers with the model I'm running: it has no weights to show.");
    } finally {
      await harness.dispose();
    }
  });
});
