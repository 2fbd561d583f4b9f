import { SocbotError } from '../../errors';
import { seededRandom, shuffleInPlace } from '../seeded-random';

/** One cross-validation split: train on `train`, score on `test`; every item is in exactly one `test`. */
export interface Fold<T> {
  train: T[];
  test: T[];
}

/** The seed used when none is given, so `socbot evaluate --cross-validate K` is repeatable. */
export const DEFAULT_FOLD_SEED = 20240611;

/**
 * Splits labelled items into `k` stratified folds: each intent's items are shuffled with a seeded
 * generator and dealt round-robin, so every fold holds about 1/k of every intent and two runs with
 * the same seed give the same folds. An intent with fewer than `k` items is missing from some test folds.
 *
 * @example
 *   const folds = stratifiedFolds(trainingSet(corpus), 5);
 *   folds[0].test.length; // about a fifth of the items
 */
export function stratifiedFolds<T extends { intent: string }>(
  items: readonly T[],
  k: number,
  seed: number = DEFAULT_FOLD_SEED,
): Fold<T>[] {
  if (!Number.isInteger(k) || k < 2) {
    throw new SocbotError('USAGE', `Cross-validation needs a whole number of folds >= 2, got ${k}.`, { k });
  }
  if (k > items.length) {
    throw new SocbotError(
      'USAGE',
      `Cannot split ${items.length} utterances into ${k} folds. Use --cross-validate ${Math.max(2, Math.min(5, items.length))} or add utterances.`,
      { k, items: items.length },
    );
  }
  const random = seededRandom(seed);
  const byIntent = new Map<string, T[]>();
  for (const item of items) {
    const group = byIntent.get(item.intent) ?? [];
    group.push(item);
    byIntent.set(item.intent, group);
  }

  const testFolds: T[][] = Array.from({ length: k }, () => []);
  // The dealing position carries over between intents so that small intents do not all land in fold 0.
  let position = 0;
  for (const intent of [...byIntent.keys()].sort()) {
    for (const item of shuffleInPlace(byIntent.get(intent) ?? [], random)) {
      testFolds[position % k]?.push(item);
      position += 1;
    }
  }
  return testFolds.map((test, i) => ({
    test,
    train: testFolds.filter((_, j) => j !== i).flat(),
  }));
}
