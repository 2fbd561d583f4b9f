import type { Corpus, LabeledUtterance } from './types';

/**
 * Every training utterance with its intent, in corpus order (`None` negatives included).
 *
 * @example
 *   trainingSet(loadCorpus('corpus')).find((u) => u.intent === 'alert')?.utterance
 */
export function trainingSet(corpus: Corpus): LabeledUtterance[] {
  return corpus.intents.flatMap(({ intent, utterances }) =>
    utterances.map((utterance) => ({ utterance, intent })),
  );
}

/**
 * Every held-out test phrase with its expected intent (`None` = out of scope). Never train on these.
 *
 * @example
 *   const accuracy = heldOutSet(corpus).filter((t) => predict(t.utterance) === t.intent).length;
 */
export function heldOutSet(corpus: Corpus): LabeledUtterance[] {
  return corpus.intents.flatMap(({ intent, tests }) => tests.map((utterance) => ({ utterance, intent })));
}
