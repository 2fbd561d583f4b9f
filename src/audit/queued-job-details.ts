import type { JobOrigin, JsonValue, OutboxJob } from '../outbox/outbox-job';

/**
 * What the audit entry of a queued side effect (`call`) records about its job: enough to queue it
 * again (type, idempotency key, payload, origin) when outbox.json is lost or moved aside, so the
 * documented remedy for a damaged outbox keeps every pending job.
 */
export interface QueuedJobDetails {
  jobId: string;
  type: string;
  idempotencyKey: string;
  payload: JsonValue;
  origin: JobOrigin;
  /** A timer's due time: a rebuilt timer still waits for it. */
  notBefore?: string;
}

/**
 * @example
 *   await audit.append({ actor, action: 'call', summary: 'create the ticket for SOC-2026-0001', result: 'queued',
 *     details: queuedJobDetails(job) });
 */
export function queuedJobDetails(job: OutboxJob): QueuedJobDetails {
  return {
    jobId: job.id,
    type: job.type,
    idempotencyKey: job.idempotencyKey,
    payload: job.payload,
    origin: job.origin,
    ...(job.notBefore ? { notBefore: job.notBefore } : {}),
  };
}
