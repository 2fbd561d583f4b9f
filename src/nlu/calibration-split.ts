import { stratifiedHoldOut } from './calibration';
import { compoundExamples } from './compound-examples';
import type { CorpusIntent, LabeledUtterance } from './corpus/types';

/** What the calibration model fits and what its threshold is set on. */
export interface CalibrationSplit<T extends LabeledUtterance> {
  /** Training utterances the calibration model fits. */
  fit: T[];
  /** Training utterances it never sees, in any form: the threshold is set on their scores. */
  heldOut: T[];
  /** Compound utterances composed from `fit` only. */
  compounds: LabeledUtterance[];
}

/**
 * Splits the training utterances for calibration, then composes the compound examples from the
 * fitted share alone. Composed from every utterance, a compound would carry a held-out phrase into
 * the calibration model's training, and the threshold would be set on phrasings it has seen.
 *
 * @example
 *   const { fit, heldOut, compounds } = calibrationSplit(corpus.intents, examples, 0.15, 1);
 *   // no utterance of `heldOut` is part of any utterance of `compounds`
 */
export function calibrationSplit<T extends LabeledUtterance>(
  intents: readonly CorpusIntent[],
  examples: readonly T[],
  heldOutFraction: number,
  seed: number,
): CalibrationSplit<T> {
  const { fit, heldOut } = stratifiedHoldOut(examples, heldOutFraction, seed);
  return { fit, heldOut, compounds: compoundExamples(intents, fit, seed) };
}
