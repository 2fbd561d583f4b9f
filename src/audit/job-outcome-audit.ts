import type { OutboxJob } from '../outbox/outbox-job';
import type { AuditTrail } from './audit-trail';

/**
 * Writes a `result` audit entry for every job the outbox settles, so the trail holds each outbound
 * call's outcome even when it arrives long after the turn that asked for it.
 * Returns the function that stops recording.
 *
 * @example
 *   const stop = recordJobOutcomes(outbox, audit);
 */
export function recordJobOutcomes(
  outbox: { onSettled(listener: (job: OutboxJob) => void): () => void },
  audit: Pick<AuditTrail, 'append'>,
  onError: (error: unknown, job: OutboxJob) => void = () => undefined,
): () => void {
  return outbox.onSettled((job) => {
    const result =
      job.status === 'succeeded'
        ? 'succeeded'
        : `${job.status === 'failed' ? 'failed' : `given up after ${job.attempts} attempts`}: ${job.lastError?.code ?? ''}`;
    audit
      .append({
        actor: { id: 'system', name: 'socbot outbox' },
        action: 'result',
        summary: job.type,
        result,
        ...(job.origin.alertRef ? { alertRef: job.origin.alertRef } : {}),
        details: {
          jobId: job.id,
          idempotencyKey: job.idempotencyKey,
          attempts: job.attempts,
          ...(job.lastError ? { error: job.lastError } : {}),
          ...(job.status === 'succeeded' && job.result !== undefined ? { result: job.result } : {}),
        },
      })
      .catch((error: unknown) => onError(error, job));
  });
}
