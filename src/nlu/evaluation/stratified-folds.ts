import { SocbotError } from '../../errors';

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
  const random = mulberry32(seed);
  const byIntent = new Map<string, T[]>();
  for (const item of items) byIntent.set(item.intent, [...(byIntent.get(item.intent) ?? []), item]);

  const testFolds: T[][] = Array.from({ length: k }, () => []);
  // The dealing position carries over between intents so that small intents do not all land in fold 0.
  let position = 0;
  for (const intent of [...byIntent.keys()].sort()) {
    for (const item of shuffle(byIntent.get(intent) ?? [], random)) {
      testFolds[position % k]?.push(item);
      position += 1;
    }
  }
  return testFolds.map((test, i) => ({
    test,
    train: testFolds.filter((_, j) => j !== i).flat(),
  }));
}

/** Fisher–Yates with an injected generator. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j] as T, result[i] as T];
  }
  return result;
}

/** A small, well-known 32-bit seeded generator: enough for shuffling, not for secrets. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
