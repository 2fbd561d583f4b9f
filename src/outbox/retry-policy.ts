import { createTimeout } from 'retry';

/**
 * When a failed job is tried again, and when it is given up.
 *
 * The delay is exponential with jitter: `minDelayMs * factor^(attempt-1)` times a random factor in
 * [1, 2), capped at `maxDelayMs` — computed by the `retry` package (the library behind p-retry 6),
 * whose `createTimeout` is public for exactly this: scheduling a re-insert instead of sleeping
 * in memory, so the schedule can be persisted and survive a restart.
 *
 * @example
 *   const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
 */
export interface RetryPolicy {
  /** Attempts in total (the first one included) before the job is given up. */
  maxAttempts: number;
  /** A job older than this (since enqueue) is given up instead of retried. */
  maxAgeMs: number;
  /** The delay before the first retry (before jitter). */
  minDelayMs: number;
  /** No delay is longer than this, except a longer Retry-After asked for by the provider. */
  maxDelayMs: number;
  /** Growth of the delay per attempt. */
  factor: number;
  /** Multiply each delay by a random factor in [1, 2), so many jobs failing together spread out. */
  jitter: boolean;
}

/** Six attempts over about five minutes, then the analyst is told it could not be done. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  maxAgeMs: 24 * 60 * 60 * 1000,
  minDelayMs: 2000,
  maxDelayMs: 5 * 60 * 1000,
  factor: 3,
  jitter: true,
};

/** What to do after a failed retryable attempt. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Decides whether a job whose attempt number `attempts` just failed is tried again, and after how
 * long. A provider's `retryAfterMs` wins over the computed delay (the provider knows when it will
 * accept again) but not over `maxAgeMs`.
 *
 * @example
 *   decideRetry({ attempts: 2, ageMs: 5000 }, DEFAULT_RETRY_POLICY) // → { retry: true, delayMs: 6000..12000 }
 */
export function decideRetry(
  job: { attempts: number; ageMs: number },
  policy: RetryPolicy,
  retryAfterMs?: number,
): RetryDecision {
  if (job.attempts >= policy.maxAttempts) {
    return { retry: false, reason: `after ${job.attempts} attempts` };
  }
  const delayMs =
    retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
      ? Math.round(retryAfterMs)
      : createTimeout(job.attempts - 1, {
          minTimeout: policy.minDelayMs,
          maxTimeout: policy.maxDelayMs,
          factor: policy.factor,
          randomize: policy.jitter,
        });
  if (job.ageMs + delayMs > policy.maxAgeMs) {
    return {
      retry: false,
      reason: `after ${job.attempts} attempts: the next one would come later than ${formatDuration(policy.maxAgeMs)} after the request`,
    };
  }
  return { retry: true, delayMs };
}

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
