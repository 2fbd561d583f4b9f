import { NONE_INTENT } from '../types';
import { confusionPairs, type ConfusionPair } from './confusion-matrix';

/**
 * One scored test item: what the test set says (`gold`) and what the recognizer answered.
 *
 * @example
 *   const item: ScoredPrediction = { text: 'open a ticket', gold: 'alert.register', predicted: 'None', score: 0.31 };
 */
export interface ScoredPrediction {
  text: string;
  gold: string;
  predicted: string;
  /** The recognizer's confidence for its best in-scope intent. */
  score: number;
}

/** Precision, recall and F1 of one intent; `support` is how many test items have it as gold. */
export interface IntentMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  /** Test items of this intent recognised as this intent (true positives). */
  correct: number;
}

/**
 * Everything `socbot evaluate` reports about one test run. Ratios are in [0, 1]; a ratio over an
 * empty population is `null` rather than a misleading 0 or 1.
 */
export interface EvaluationMetrics {
  /** Number of test items. */
  count: number;
  /** Share of all items predicted exactly right (a `None` item is right iff predicted `None`). */
  accuracy: number;
  /** Accuracy over the in-scope (non-`None`) items only; null when the test has none. */
  inScopeAccuracy: number | null;
  /** Share of `None` items predicted `None`; null when the test has no `None` items. */
  oosRecall: number | null;
  /** Share of `None` items accepted as some in-scope intent (1 - oosRecall); null without `None` items. */
  oosFalseAcceptRate: number | null;
  /** Share of in-scope items rejected as `None`: the cost of a high threshold; null without in-scope items. */
  inScopeRejectRate: number | null;
  /** Unweighted mean F1 over the gold intents present in the test (including `None` when present). */
  macroF1: number;
  /** Per intent, for every intent that is gold or predicted at least once. */
  perIntent: Record<string, IntentMetrics>;
  /** Off-diagonal (gold, predicted) pairs, most frequent first. */
  confusions: ConfusionPair[];
  /** The items predicted wrong, in test order. */
  misclassified: ScoredPrediction[];
}

/**
 * Computes every metric from scored predictions. Precision of an intent never predicted is 0
 * (not undefined), so a recognizer that ignores an intent is penalised in macro-F1.
 *
 * @example
 *   computeMetrics([{ text: 'hi', gold: 'greet', predicted: 'greet', score: 0.9 }]).accuracy; // 1
 */
export function computeMetrics(predictions: readonly ScoredPrediction[]): EvaluationMetrics {
  const count = predictions.length;
  const correct = predictions.filter((p) => p.gold === p.predicted).length;
  const inScope = predictions.filter((p) => p.gold !== NONE_INTENT);
  const outOfScope = predictions.filter((p) => p.gold === NONE_INTENT);
  const oosRecall = ratio(outOfScope.filter((p) => p.predicted === NONE_INTENT).length, outOfScope.length);

  const perIntent = perIntentMetrics(predictions);
  const goldIntents = [...new Set(predictions.map((p) => p.gold))];
  const macroF1 =
    goldIntents.length === 0
      ? 0
      : goldIntents.reduce((sum, intent) => sum + (perIntent[intent]?.f1 ?? 0), 0) / goldIntents.length;

  return {
    count,
    accuracy: ratio(correct, count) ?? 0,
    inScopeAccuracy: ratio(inScope.filter((p) => p.predicted === p.gold).length, inScope.length),
    oosRecall,
    oosFalseAcceptRate: oosRecall === null ? null : 1 - oosRecall,
    inScopeRejectRate: ratio(inScope.filter((p) => p.predicted === NONE_INTENT).length, inScope.length),
    macroF1,
    perIntent,
    confusions: confusionPairs(predictions),
    misclassified: predictions.filter((p) => p.gold !== p.predicted),
  };
}

function perIntentMetrics(predictions: readonly ScoredPrediction[]): Record<string, IntentMetrics> {
  const intents = [...new Set(predictions.flatMap((p) => [p.gold, p.predicted]))].sort();
  const result: Record<string, IntentMetrics> = {};
  for (const intent of intents) {
    const truePositives = predictions.filter((p) => p.gold === intent && p.predicted === intent).length;
    const predictedCount = predictions.filter((p) => p.predicted === intent).length;
    const support = predictions.filter((p) => p.gold === intent).length;
    const precision = ratio(truePositives, predictedCount) ?? 0;
    const recall = ratio(truePositives, support) ?? 0;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    result[intent] = { precision, recall, f1, support, correct: truePositives };
  }
  return result;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
