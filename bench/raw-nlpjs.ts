import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { Nlp } from '@nlpjs/nlp';
import type { LabeledUtterance } from '../src/nlu/corpus/types';
import type { Recognition, Recognizer } from '../src/nlu/types';

/**
 * Raw NLP.js with its default settings (only logging and auto-saving turned off), as a reader of
 * its documentation would set it up: the baseline socbot is measured against.
 */
export async function trainRawNlpjs(training: readonly LabeledUtterance[]): Promise<Recognizer> {
  const container = await containerBootstrap({}, false);
  container.use(LangEn);
  const nlp = new Nlp(
    { languages: ['en'], autoSave: false, autoLoad: false, nlu: { log: false } },
    container,
  );
  for (const example of training) nlp.addDocument('en', example.utterance, example.intent);
  await nlp.train();
  return {
    async recognize(text: string): Promise<Recognition> {
      const result = await nlp.process('en', text);
      return { text, intent: result.intent, score: result.score, alternatives: [], entities: [] };
    },
  };
}
