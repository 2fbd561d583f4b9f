import type { AuditActor, AuditRecord } from '../audit/audit-entry';
import { queuedJobDetails } from '../audit/queued-job-details';
import type { JobKind } from '../jobs/job-kind';
import type { JobKindRegistry } from '../jobs/job-kind-registry';
import type { Outbox } from '../outbox/outbox';
import type { JobOrigin, OutboxJob } from '../outbox/outbox-job';

/** Where a side effect is queued and audited. */
export interface AuditedQueueDeps {
  outbox: Outbox;
  jobs: JobKindRegistry;
  audit: { append(record: AuditRecord): Promise<unknown> };
}

/** Who queued it, as the audit trail names them, and from which conversation. */
export interface QueuedBy {
  actor: AuditActor;
  conversationId?: string;
  /** Called once the job is in the outbox, before the audit entry is written (a turn holds it for its answer). */
  onQueued?(job: OutboxJob): void;
  /** A timer: the job is not attempted before then (kept on the job and in its audit entry). */
  notBefore?: Date;
}

/**
 * Queues a side effect and writes its audit `call` entry with the whole job (queuedJobDetails):
 * every job socbot queues goes through here, so a lost or moved-aside outbox.json is rebuilt from
 * the audit trail with all of them (src/outbox/rebuild-from-audit.ts), none dropped silently.
 *
 * @example
 *   const job = await queueAudited(deps, socCardJob, { ref, text, card }, { alertRef: ref }, { actor: SIEM_ACTOR });
 */
export async function queueAudited<P, R>(
  deps: AuditedQueueDeps,
  kind: JobKind<P, R>,
  payload: NoInfer<P>,
  origin: JobOrigin,
  by: QueuedBy,
): Promise<OutboxJob> {
  const job = await deps.jobs.queue(deps.outbox, kind, payload, origin, by.notBefore);
  by.onQueued?.(job);
  await deps.audit.append({
    actor: by.actor,
    action: 'call',
    summary: kind.describe(payload).task,
    result: job.status === 'pending' && job.attempts === 0 ? 'queued' : `already ${job.status}`,
    ...(origin.alertRef !== undefined ? { alertRef: origin.alertRef } : {}),
    ...(by.conversationId !== undefined ? { conversationId: by.conversationId } : {}),
    details: { ...queuedJobDetails(job) },
  });
  return job;
}
