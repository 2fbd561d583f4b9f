import type { Corpus, CorpusIntent, LabeledUtterance } from '../corpus/types';

/**
 * A corpus holding only `training` (one cross-validation fold's training part), with the entities,
 * name and locale of `base` and each intent's `carries`, so the normal trainer trains it as it
 * trains the full corpus. Held-out tests are dropped: a
 * fold is scored on its own test part. The hash is marked so a fold model is never mistaken for a
 * model of the full corpus.
 *
 * @example
 *   const model = await trainModel(foldCorpus(corpus, fold.train, 'fold 1/5'));
 */
export function foldCorpus(base: Corpus, training: readonly LabeledUtterance[], label: string): Corpus {
  const baseIntent = new Map(base.intents.map((intent) => [intent.intent, intent]));
  const intents = new Map<string, CorpusIntent>();
  for (const { intent, utterance } of training) {
    const carries = baseIntent.get(intent)?.carries;
    const entry = intents.get(intent) ?? {
      intent,
      utterances: [],
      tests: [],
      file: baseIntent.get(intent)?.file ?? '',
      ...(carries && { carries }),
    };
    entry.utterances.push(utterance);
    intents.set(intent, entry);
  }
  return {
    ...base,
    intents: [...intents.values()],
    hash: `${base.hash}#${label}`,
  };
}
