import type { Corpus } from '../../../src/nlu/corpus/types';
import { crossValidate } from '../../../src/nlu/evaluation/cross-validate';
import type { Recognition } from '../../../src/nlu/types';

/** A "model" that knows exactly the utterances it was trained on and answers None otherwise. */
function memorisingModel(corpus: Corpus, trainMs: number) {
  const known = new Map(corpus.intents.flatMap((i) => i.utterances.map((u) => [u, i.intent] as const)));
  return {
    meta: { trainMs },
    recognize: async (text: string): Promise<Recognition> => ({
      text,
      intent: known.get(text) ?? 'None',
      score: known.has(text) ? 1 : 0,
      alternatives: [],
      entities: [],
    }),
  };
}

describe('crossValidate', () => {
  const corpus: Corpus = {
    name: 'tiny',
    locale: 'en',
    intents: [
      { intent: 'a', utterances: ['a1', 'a2', 'a3', 'a4'], tests: [], file: 'x.json' },
      { intent: 'None', utterances: ['n1', 'n2'], tests: [], file: 'x.json' },
    ],
    entities: {},
    files: ['x.json'],
    hash: 'h',
  };
  const items = corpus.intents.flatMap((i) =>
    i.utterances.map((utterance) => ({ utterance, intent: i.intent })),
  );

  it('never scores a fold on utterances its model was trained on', async () => {
    const trainedOn: string[][] = [];
    const result = await crossValidate(corpus, items, {
      folds: 2,
      train: async (foldCorpus, fold) => {
        trainedOn.push(foldCorpus.intents.flatMap((i) => i.utterances));
        return memorisingModel(foldCorpus, fold === 0 ? 100 : 300);
      },
    });
    expect(trainedOn).toHaveLength(2);
    expect(trainedOn[0]?.length).toBe(3);
    // A memorising model gets every unseen in-scope item wrong and every unseen None item right.
    expect(result.inScopeAccuracy).toBe(0);
    expect(result.oosRecall).toBe(1);
    expect(result.count).toBe(items.length);
    expect(result.trainMs).toBe(200);
    expect(result.folds).toHaveLength(2);
  });

  it('reports each finished fold', async () => {
    const done: string[] = [];
    await crossValidate(corpus, items, {
      folds: 3,
      train: async (c) => memorisingModel(c, 1),
      onFoldDone: (d, total) => done.push(`${d}/${total}`),
    });
    expect(done).toEqual(['1/3', '2/3', '3/3']);
  });
});
