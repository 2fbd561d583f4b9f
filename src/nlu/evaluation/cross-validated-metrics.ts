import { computeMetrics, type EvaluationMetrics, type ScoredPrediction } from './metrics';

/** The headline numbers of one fold. */
export interface FoldScores {
  count: number;
  accuracy: number;
  inScopeAccuracy: number | null;
  oosRecall: number | null;
  macroF1: number;
}

/** Cross-validation result: headline numbers averaged over the folds, details pooled. */
export interface CrossValidatedMetrics extends EvaluationMetrics {
  folds: FoldScores[];
}

/**
 * Combines the predictions of each fold. Headline ratios (accuracy, macro-F1, in-scope accuracy,
 * out-of-scope rates) are the mean over folds, as `--cross-validate` promises; per-intent numbers,
 * confusions and misclassified items come from all folds pooled, because a small intent may be
 * absent from some folds and a per-fold mean of its F1 would be meaningless.
 *
 * @example
 *   crossValidatedMetrics([fold1Predictions, fold2Predictions]).accuracy; // mean of the two fold accuracies
 */
export function crossValidatedMetrics(foldPredictions: readonly ScoredPrediction[][]): CrossValidatedMetrics {
  const perFold = foldPredictions.map((predictions) => computeMetrics(predictions));
  const pooled = computeMetrics(foldPredictions.flat());
  const oosRecall = meanOfPresent(perFold.map((m) => m.oosRecall));
  return {
    ...pooled,
    accuracy: meanOfPresent(perFold.map((m) => m.accuracy)) ?? 0,
    macroF1: meanOfPresent(perFold.map((m) => m.macroF1)) ?? 0,
    inScopeAccuracy: meanOfPresent(perFold.map((m) => m.inScopeAccuracy)),
    oosRecall,
    oosFalseAcceptRate: oosRecall === null ? null : 1 - oosRecall,
    inScopeRejectRate: meanOfPresent(perFold.map((m) => m.inScopeRejectRate)),
    folds: perFold.map((m) => ({
      count: m.count,
      accuracy: m.accuracy,
      inScopeAccuracy: m.inScopeAccuracy,
      oosRecall: m.oosRecall,
      macroF1: m.macroF1,
    })),
  };
}

/** Mean of the non-null values; null when every value is null (e.g. no fold had out-of-scope items). */
function meanOfPresent(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}
