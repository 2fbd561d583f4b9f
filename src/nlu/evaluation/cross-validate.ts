import type { Corpus, LabeledUtterance } from '../corpus/types';
import type { Recognizer } from '../types';
import { crossValidatedMetrics, type CrossValidatedMetrics } from './cross-validated-metrics';
import { foldCorpus } from './fold-corpus';
import type { ScoredPrediction } from './metrics';
import { scoreTestSet } from './score-test-set';
import { DEFAULT_FOLD_SEED, stratifiedFolds } from './stratified-folds';

/** A trained recognizer that knows how long its training took. */
export interface TimedRecognizer extends Recognizer {
  readonly meta: { readonly trainMs: number };
}

/** How `crossValidate` splits, trains and reports. */
export interface CrossValidateOptions {
  folds: number;
  seed?: number;
  /** Trains one fold model; injected so the CLI passes the real trainer and tests a fake. */
  train: (corpus: Corpus, fold: number) => Promise<TimedRecognizer>;
  /** Called after each fold is trained and scored. */
  onFoldDone?: (done: number, total: number) => void;
}

/** Cross-validation metrics plus the mean training time of one fold model. */
export interface CrossValidationResult extends CrossValidatedMetrics {
  trainMs: number;
}

/**
 * Stratified K-fold cross-validation over `items` (normally `trainingSet(corpus)`): trains one model
 * per fold on the other folds and scores it on its own fold, then averages the headline metrics.
 *
 * @example
 *   const result = await crossValidate(corpus, trainingSet(corpus), { folds: 5, train: (c) => trainModel(c) });
 *   result.accuracy; // mean over the 5 folds
 */
export async function crossValidate(
  corpus: Corpus,
  items: readonly LabeledUtterance[],
  options: CrossValidateOptions,
): Promise<CrossValidationResult> {
  const folds = stratifiedFolds(items, options.folds, options.seed ?? DEFAULT_FOLD_SEED);
  const foldPredictions: ScoredPrediction[][] = [];
  let totalTrainMs = 0;
  for (const [index, fold] of folds.entries()) {
    const label = `fold ${index + 1}/${folds.length}`;
    const model = await options.train(foldCorpus(corpus, fold.train, label), index);
    totalTrainMs += model.meta.trainMs;
    foldPredictions.push(await scoreTestSet(model, fold.test));
    options.onFoldDone?.(index + 1, folds.length);
  }
  return { ...crossValidatedMetrics(foldPredictions), trainMs: totalTrainMs / folds.length };
}
