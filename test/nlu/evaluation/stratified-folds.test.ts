import { isSocbotError } from '../../../src/errors';
import { stratifiedFolds } from '../../../src/nlu/evaluation/stratified-folds';

function labelled(counts: Record<string, number>): { intent: string; utterance: string }[] {
  return Object.entries(counts).flatMap(([intent, n]) =>
    Array.from({ length: n }, (_, i) => ({ intent, utterance: `${intent} ${i}` })),
  );
}

describe('stratifiedFolds', () => {
  const items = labelled({ alert: 10, block: 7, help: 3, None: 5 });

  it('puts every item in exactly one test fold and the rest in training', () => {
    const folds = stratifiedFolds(items, 3);
    expect(folds).toHaveLength(3);
    const tested = folds.flatMap((f) => f.test.map((i) => i.utterance)).sort();
    expect(tested).toEqual(items.map((i) => i.utterance).sort());
    for (const fold of folds) {
      expect(fold.train.length + fold.test.length).toBe(items.length);
      const inTest = new Set(fold.test.map((i) => i.utterance));
      expect(fold.train.some((i) => inTest.has(i.utterance))).toBe(false);
    }
  });

  it('spreads each intent evenly: fold counts differ by at most one', () => {
    const folds = stratifiedFolds(items, 3);
    for (const intent of ['alert', 'block', 'help', 'None']) {
      const perFold = folds.map((f) => f.test.filter((i) => i.intent === intent).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic for a seed and shuffles differently for another seed', () => {
    const order = (seed: number) =>
      stratifiedFolds(items, 3, seed).map((f) => f.test.map((i) => i.utterance));
    expect(order(7)).toEqual(order(7));
    expect(order(7)).not.toEqual(order(8));
  });

  it.each([1, 2.5, 0, 26])('rejects %p folds for 25 items as a usage error', (k) => {
    expect.assertions(1);
    try {
      stratifiedFolds(items, k);
    } catch (error) {
      expect(isSocbotError(error, 'USAGE')).toBe(true);
    }
  });
});
