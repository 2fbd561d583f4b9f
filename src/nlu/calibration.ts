import type { CalibrationSettings } from './model-settings';
import { seededRandom, shuffleInPlace } from './seeded-random';

/**
 * Holds out a share of every intent's utterances (at least one, and only from intents with at
 * least four) so the threshold is calibrated on phrasings the calibration model has not seen.
 */
export function stratifiedHoldOut<T extends { intent: string }>(
  examples: readonly T[],
  fraction: number,
  seed: number,
): { fit: T[]; heldOut: T[] } {
  const byIntent = new Map<string, T[]>();
  for (const example of examples) {
    const group = byIntent.get(example.intent) ?? [];
    group.push(example);
    byIntent.set(example.intent, group);
  }
  const random = seededRandom(seed);
  const fit: T[] = [];
  const heldOut: T[] = [];
  for (const group of byIntent.values()) {
    const shuffled = shuffleInPlace([...group], random);
    const count = shuffled.length >= 4 ? Math.max(1, Math.round(shuffled.length * fraction)) : 0;
    heldOut.push(...shuffled.slice(0, count));
    fit.push(...shuffled.slice(count));
  }
  return { fit, heldOut };
}

/** One held-out utterance as the calibration model saw it. */
export interface HeldOutScore {
  /** Best in-scope score. */
  score: number;
  /** In scope: the best in-scope intent is the right one. Out of scope: the `None` class won anyway. */
  correct: boolean;
  outOfScope: boolean;
}

/**
 * The out-of-scope threshold on the best in-scope score, clamped to the configured bounds.
 *
 * - With held-out out-of-scope examples (the corpus has a `None` intent), it is the threshold
 *   that answers the most held-out utterances right; of equally good ones the lowest, which rejects
 *   the fewest in-scope phrasings (small held-out sets leave wide plateaus).
 * - Without them (nothing out of scope to learn from), it is the score under which
 *   `inScopeRejectRate` of held-out in-scope utterances fall; with too few of them for that
 *   quantile, the minimum threshold.
 */
export function calibrateThreshold(heldOut: readonly HeldOutScore[], settings: CalibrationSettings): number {
  const clamp = (t: number): number => Math.min(settings.maxThreshold, Math.max(settings.minThreshold, t));
  const inScope = heldOut.filter((h) => !h.outOfScope);
  if (inScope.length === 0) return settings.minThreshold;
  if (inScope.length === heldOut.length) {
    // A quantile of fewer than 1/rate points is just the lowest score: too noisy to act on.
    if (inScope.length < Math.ceil(1 / settings.inScopeRejectRate)) return settings.minThreshold;
    const sorted = inScope.map((h) => h.score).sort((a, b) => a - b);
    const index = Math.min(sorted.length - 1, Math.floor(settings.inScopeRejectRate * sorted.length));
    // With nothing out of scope to learn from, the threshold guards against nonsense; it does not
    // get to reject confident answers on a guess.
    return Math.min(settings.maxQuantileThreshold, clamp(sorted[index] ?? settings.minThreshold));
  }
  return clamp(mostAccurateThreshold(heldOut, settings));
}

/** Sweeps candidate thresholds (every held-out score) and keeps the lowest of the most accurate. */
function mostAccurateThreshold(heldOut: readonly HeldOutScore[], settings: CalibrationSettings): number {
  const candidates = [settings.minThreshold, ...heldOut.map((h) => h.score + 1e-9), settings.maxThreshold]
    .filter((t) => t >= settings.minThreshold && t <= settings.maxThreshold)
    .sort((a, b) => a - b);
  const accuracy = (t: number): number =>
    heldOut.reduce(
      (sum, h) =>
        sum + (h.outOfScope ? (h.correct || h.score < t ? 1 : 0) : h.correct && h.score >= t ? 1 : 0),
      0,
    );
  let best = -1;
  let bestLow = settings.minThreshold;
  for (const t of candidates) {
    const a = accuracy(t);
    if (a > best) {
      best = a;
      bestLow = t;
    }
  }
  return bestLow;
}
