import type { Corpus } from '../../src/nlu/corpus/types';
import { trainModel } from '../../src/nlu/train-model';

// Two intents whose few examples never say the word their names say.
const corpus: Corpus = {
  name: 'tiny',
  locale: 'en',
  entities: {},
  files: [],
  hash: 'tiny',
  intents: [
    {
      intent: 'ChangePassword',
      utterances: ['I forgot how to log in', 'my login does not work any more', 'reset my credentials'],
      tests: [],
      file: '',
    },
    {
      intent: 'delete_account',
      utterances: ['close my profile for good', 'I want to leave this site', 'remove me from the service'],
      tests: [],
      file: '',
    },
  ],
};

describe('trainModel with intent-name examples', () => {
  it('learns the words of the intent names, without counting them as corpus utterances', async () => {
    const model = await trainModel(corpus);
    expect((await model.recognize('new password please')).intent).toBe('ChangePassword');
    expect((await model.recognize('how do I delete my account')).intent).toBe('delete_account');
    expect(model.meta.trainingUtterances).toBe(6);
    expect(model.meta.settings.intentNameExamples).toBe(true);
  });

  it('can be switched off', async () => {
    const model = await trainModel(corpus, { settings: { intentNameExamples: false } });
    expect(model.meta.settings.intentNameExamples).toBe(false);
    expect(model.meta.trainingUtterances).toBe(6);
  });
});
