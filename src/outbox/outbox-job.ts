/** A JSON value: what a job's payload and result may hold, so both survive the data file as they are. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Where a job's status stands.
 *
 * - `pending`: on disk, waiting for its `nextAttemptAt`;
 * - `running`: claimed by a worker (a job found `running` at start-up was left by a killed process
 *   and goes back to `pending`);
 * - `succeeded`: the handler returned; `result` holds what it returned;
 * - `failed`: the handler threw a non-retryable error (bad input, 401, 404): retrying cannot help;
 * - `given_up`: retryable failures until `maxAttempts` or `maxAgeMs` ran out.
 */
export type JobStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'given_up';

/** The statuses a job never leaves. */
export const SETTLED_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'given_up'];

/** True when the job has its final outcome. */
export function isSettled(job: Pick<OutboxJob, 'status'>): boolean {
  return SETTLED_STATUSES.includes(job.status);
}

/** Who or what asked for the side effect, so its outcome can be reported back there. */
export interface JobOrigin {
  /** The Bot Framework conversation reference key, for a proactive "done" message. */
  conversationKey?: string;
  /** The alert the job belongs to (SOC-2026-0001). */
  alertRef?: string;
  /** The user who confirmed the action. */
  userId?: string;
  /** The request (form id, SIEM delivery key) whose alert this is: an alert rebuilt from the job keeps it. */
  requestId?: string;
}

/** The last failure, as safe to show and to store: a code and a message, never a secret. */
export interface JobError {
  code: string;
  message: string;
  /** The integration's failure kind (`rate-limited`, `auth`, `timeout`…), when the error says. */
  kind?: string;
  /** The provider (`servicenow`, `scim`…), when the error says. */
  service?: string;
}

/**
 * One side effect in the outbox.
 *
 * @example
 *   { id: 'job-…', type: 'ticket.create', idempotencyKey: 'alert:SOC-2026-0001:ticket', status: 'pending',
 *     payload: { alertId: '4711' }, attempts: 0, nextAttemptAt: '2026-…', origin: { alertRef: 'SOC-2026-0001' }, … }
 */
export interface OutboxJob {
  id: string;
  /** Selects the handler (`ticket.create`, `block.scim`, `notify.basis.teams`…: the kinds in src/jobs/). */
  type: string;
  /** Unique in the outbox, passed on to the provider so a repeated call has no second effect. */
  idempotencyKey: string;
  payload: JsonValue;
  status: JobStatus;
  /** Attempts started so far (an attempt counts from the moment it is claimed). */
  attempts: number;
  /** ISO time before which the job is not attempted. */
  nextAttemptAt: string;
  lastError?: JobError;
  /** What the handler returned, once `succeeded`. */
  result?: JsonValue;
  /**
   * What a failed attempt had already done (a delivery to several conversations: which got it),
   * handed to the next attempt so a retry does not repeat it. Absent in files of older versions.
   */
  progress?: JsonValue;
  origin: JobOrigin;
  createdAt: string;
  updatedAt: string;
  /**
   * How often a person asked for the job again after it was given up or failed (`socbot outbox
   * retry`, the Retry button). Absent until the first time.
   */
  retries?: number;
  /** When the last such retry was asked for: the retry budget's age counts from here, not from `createdAt`. */
  retriedAt?: string;
  /**
   * A job queued to run later (a timer, e.g. the next escalation tier): its first attempt is not
   * before this ISO time, and its retry budget's age counts from here. Absent: as soon as queued.
   */
  notBefore?: string;
}

/**
 * What a caller gives to `Outbox.enqueue`.
 *
 * @example
 *   { type: 'ticket.create', idempotencyKey: `ticket:${alert.ref}`, payload: { ref: alert.ref }, origin: { alertRef: alert.ref } }
 */
export interface EnqueueRequest {
  type: string;
  idempotencyKey: string;
  payload: JsonValue;
  origin?: JobOrigin;
  /**
   * ISO time before which the job is not attempted (a persisted timer: it survives a restart, and
   * an earlier enqueue with the same key keeps its own time). Absent: due at once.
   */
  notBefore?: string;
}
