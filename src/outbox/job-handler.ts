import type { JsonValue } from './outbox-job';

/** What a handler gets besides the payload. */
export interface JobContext {
  /** The job's idempotency key: send it to the provider (header, correlation field) on every attempt. */
  idempotencyKey: string;
  /** Aborted when the attempt times out or the outbox stops: pass it to every outbound call. */
  signal: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /**
   * What the last failed attempt had done, as it said in its error's `progress` field; undefined
   * on the first attempt. Stored data: validate it before trusting it.
   */
  progress: JsonValue | undefined;
  /**
   * Stores what this attempt has done so far (plain JSON) on the job at once, before the attempt
   * ends: a timeout, a stop or a crash then cannot lose it, and the next attempt gets it as
   * `progress`. Once the attempt is over (its outcome recorded) a save is dropped, so a handler
   * that did not stop on its signal cannot overwrite what the next attempt does.
   */
  saveProgress(progress: unknown): Promise<void>;
}

/**
 * Runs one attempt of a job type. Resolve with the result (stored on the job); throw to fail the
 * attempt. A thrown error with `retryable: false` fails the job at once; any other error is retried
 * (after `retryAfterMs` when the error carries it, e.g. from a 429's Retry-After). An error with a
 * `progress` field (plain JSON) has it stored on the job and handed to the next attempt, also when
 * the handler throws it after its signal fired (within the outbox's `abortGraceMs`).
 *
 * @example
 *   const createTicket: JobHandler = async (payload, { idempotencyKey, signal }) =>
 *     ticketing.createTicket(parseTicketPayload(payload), { idempotencyKey, signal });
 */
export type JobHandler = (payload: JsonValue, context: JobContext) => Promise<JsonValue | undefined>;
