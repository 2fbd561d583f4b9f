import type { JobFailure } from './job-failure';
import type { OutboxJob } from './outbox-job';
import { decideRetry, type RetryPolicy } from './retry-policy';

/**
 * The status changes of one job, as plain functions on the stored record (the outbox applies them
 * inside a data-file update, so each change is on disk before anything acts on it).
 *
 *   pending ──claim──▶ running ──succeed──▶ succeeded
 *      ▲                  │ ──fail (non-retryable)──▶ failed
 *      │                  │ ──fail (retryable, attempts/age left)──▶ pending (later)
 *      └──recover/release─┘ ──fail (retryable, nothing left)──▶ given_up
 */

/** True when the job may be claimed at `now`. */
export function isDue(job: OutboxJob, now: Date): boolean {
  return job.status === 'pending' && Date.parse(job.nextAttemptAt) <= now.getTime();
}

/** Starts an attempt: counted before it runs, so a crash mid-attempt still counts it. */
export function claim(job: OutboxJob, now: Date): void {
  job.status = 'running';
  job.attempts += 1;
  job.updatedAt = now.toISOString();
}

/**
 * True when the stored job is still the attempt a worker claimed; a worker whose job was
 * recovered and retried elsewhere meanwhile must not overwrite the newer outcome.
 */
export function isClaimedAttempt(job: OutboxJob, attempt: number): boolean {
  return job.status === 'running' && job.attempts === attempt;
}

export function succeed(job: OutboxJob, result: OutboxJob['result'], now: Date): void {
  job.status = 'succeeded';
  if (result !== undefined) job.result = result;
  delete job.lastError;
  job.updatedAt = now.toISOString();
}

/** Records a failed attempt and decides: failed, given_up, or pending again after a backoff delay. */
export function fail(job: OutboxJob, failure: JobFailure, policy: RetryPolicy, now: Date): void {
  const { retryable: _retryable, retryAfterMs: _retryAfterMs, ...lastError } = failure;
  job.lastError = lastError;
  job.updatedAt = now.toISOString();
  if (!failure.retryable) {
    job.status = 'failed';
    return;
  }
  const ageMs = now.getTime() - Date.parse(job.createdAt);
  const decision = decideRetry({ attempts: job.attempts, ageMs }, policy, failure.retryAfterMs);
  if (decision.retry) {
    job.status = 'pending';
    job.nextAttemptAt = new Date(now.getTime() + decision.delayMs).toISOString();
  } else {
    job.status = 'given_up';
  }
}

/**
 * Puts a job back to pending at once: a `running` job found at start-up (its process was killed)
 * or one whose attempt was cut off by `stop()`. At-least-once: the provider may have done it
 * already, which the idempotency key turns into exactly-once.
 */
export function release(job: OutboxJob, now: Date): void {
  job.status = 'pending';
  job.nextAttemptAt = now.toISOString();
  job.updatedAt = now.toISOString();
}
