/** The part of a scored prediction a confusion matrix needs. */
export interface GoldAndPredicted {
  gold: string;
  predicted: string;
}

/** How often test items of intent `gold` were recognised as `predicted` (gold ≠ predicted). */
export interface ConfusionPair {
  gold: string;
  predicted: string;
  count: number;
}

/**
 * A square matrix of counts: `counts[i][j]` is how many items of gold `labels[i]` were predicted as
 * `labels[j]`. Labels are sorted so two runs over the same intents line up.
 */
export interface ConfusionMatrix {
  labels: string[];
  counts: number[][];
}

/**
 * Builds the confusion matrix over every label that is gold or predicted, or over `labels` when
 * given (pairs outside them are left out: used to show only the intents with errors).
 *
 * @example
 *   confusionMatrix([{ gold: 'a', predicted: 'b' }]); // { labels: ['a', 'b'], counts: [[0, 1], [0, 0]] }
 */
export function confusionMatrix(
  items: readonly GoldAndPredicted[],
  labels?: readonly string[],
): ConfusionMatrix {
  const axis = labels ? [...labels] : [...new Set(items.flatMap((i) => [i.gold, i.predicted]))].sort();
  const index = new Map(axis.map((label, i) => [label, i]));
  const counts = axis.map(() => axis.map(() => 0));
  for (const item of items) {
    const row = index.get(item.gold);
    const column = index.get(item.predicted);
    if (row === undefined || column === undefined) continue;
    const cells = counts[row];
    if (cells) cells[column] = (cells[column] ?? 0) + 1;
  }
  return { labels: axis, counts };
}

/**
 * The off-diagonal pairs, most frequent first (ties by gold, then predicted name, so the order is stable).
 *
 * @example
 *   confusionPairs([{ gold: 'a', predicted: 'b' }, { gold: 'a', predicted: 'b' }]); // [{ gold: 'a', predicted: 'b', count: 2 }]
 */
export function confusionPairs(items: readonly GoldAndPredicted[]): ConfusionPair[] {
  const byPair = new Map<string, ConfusionPair>();
  for (const { gold, predicted } of items) {
    if (gold === predicted) continue;
    const key = JSON.stringify([gold, predicted]);
    const pair = byPair.get(key) ?? { gold, predicted, count: 0 };
    pair.count += 1;
    byPair.set(key, pair);
  }
  return [...byPair.values()].sort(
    (a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted),
  );
}

/** Labels involved in at least one error, as gold or as prediction, sorted. */
export function labelsWithErrors(items: readonly GoldAndPredicted[]): string[] {
  const labels = new Set<string>();
  for (const { gold, predicted } of items) {
    if (gold === predicted) continue;
    labels.add(gold);
    labels.add(predicted);
  }
  return [...labels].sort();
}
