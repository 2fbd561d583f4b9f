import type { JobFailure } from './job-failure';
import type { JsonValue, OutboxJob } from './outbox-job';
import { decideRetry, type RetryPolicy } from './retry-policy';

/**
 * The status changes of one job, as plain functions on the stored record (the outbox applies them
 * inside a data-file update, so each change is on disk before anything acts on it).
 *
 *   pending ──claim──▶ running ──succeed──▶ succeeded
 *      ▲                  │ ──fail (non-retryable)──▶ failed
 *      │                  │ ──fail (retryable, attempts/age left)──▶ pending (later)
 *      └──recover/release─┘ ──fail (retryable, nothing left)──▶ given_up
 *                         │ ──recover (found running at start, attempts or age used up)──▶ given_up
 *   given_up / failed ──retryAgain (a person asked: CLI or Retry button)──▶ pending, with a fresh budget
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
  const { retryable: _retryable, retryAfterMs: _retryAfterMs, progress, ...lastError } = failure;
  job.lastError = lastError;
  if (progress !== undefined) job.progress = progress;
  job.updatedAt = now.toISOString();
  if (!failure.retryable) {
    job.status = 'failed';
    return;
  }
  const ageMs = ageOf(job, now);
  const decision = decideRetry({ attempts: job.attempts, ageMs }, policy, failure.retryAfterMs);
  if (decision.retry) {
    job.status = 'pending';
    job.nextAttemptAt = new Date(now.getTime() + decision.delayMs).toISOString();
  } else {
    job.status = 'given_up';
  }
}

/**
 * A `running` job found at start-up: its process stopped (was killed, crashed, or was killed by the
 * handler itself) in the middle of attempt `job.attempts`. Goes back to pending while attempts and
 * age are left; otherwise it is `given_up` with a lastError saying so, because a handler that takes
 * the process down would else run again at every start, forever. Returns the new status.
 */
export function recover(job: OutboxJob, policy: RetryPolicy, now: Date): 'pending' | 'given_up' {
  const ageMs = ageOf(job, now);
  const tooOld = ageMs >= policy.maxAgeMs;
  if (job.attempts < policy.maxAttempts && !tooOld) {
    release(job, now);
    return 'pending';
  }
  job.status = 'given_up';
  job.lastError = {
    code: 'PROCESS_STOPPED',
    message: tooOld
      ? `attempt ${job.attempts} was running when socbot stopped, and the job is older than the ${formatAge(policy.maxAgeMs)} it may be retried for; it is not tried again`
      : `attempt ${job.attempts} of ${policy.maxAttempts} was running when socbot stopped; it is not tried again`,
  };
  job.updatedAt = now.toISOString();
  return 'given_up';
}

/**
 * A person asked for a given-up or failed job again: pending at once, with the whole retry budget
 * (attempts and age count from now), so a job that waited out a long outage is not given up again
 * after one attempt. `retries` keeps count for the audit trail and the reports.
 */
export function retryAgain(job: OutboxJob, now: Date): void {
  job.status = 'pending';
  job.attempts = 0;
  job.retries = (job.retries ?? 0) + 1;
  job.retriedAt = now.toISOString();
  job.nextAttemptAt = now.toISOString();
  job.updatedAt = now.toISOString();
}

/**
 * How long the job has been tried for: since it was queued (a timer: since it became due), or
 * since a person last asked again.
 */
function ageOf(job: OutboxJob, now: Date): number {
  return now.getTime() - Date.parse(job.retriedAt ?? job.notBefore ?? job.createdAt);
}

function formatAge(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/**
 * Puts a job back to pending at once: a `running` job found at start-up with attempts left (see
 * {@link recover}) or one whose attempt was cut off by `stop()`, with the `progress` that attempt
 * reported as it stopped. At-least-once: the provider may have done it already, which the
 * idempotency key turns into exactly-once.
 */
export function release(job: OutboxJob, now: Date, progress?: JsonValue): void {
  if (progress !== undefined) job.progress = progress;
  job.status = 'pending';
  job.nextAttemptAt = now.toISOString();
  job.updatedAt = now.toISOString();
}
