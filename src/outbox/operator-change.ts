import type { AuditActor } from '../audit/audit-entry';
import type { AuditLog } from '../audit/audit-log';
import type { Outbox } from './outbox';
import type { JobStatus, OutboxJob } from './outbox-job';

/** A person's decision about one side effect: run it again, or let it go. */
export interface OperatorRequest {
  operation: 'retry' | 'drop';
  jobId: string;
  /** Who asked: the operator at the CLI (their OS user) or the analyst who pressed Retry. */
  by: AuditActor;
  via: 'cli' | 'chat';
  conversationId?: string;
}

/** What the request did. */
export interface OperatorOutcome {
  jobId: string;
  operation: OperatorRequest['operation'];
  /** False when there was nothing to do (a retry of a job that is pending, running or succeeded). */
  changed: boolean;
  statusBefore: JobStatus;
  /** The job's status now; `dropped` once removed. */
  statusAfter: JobStatus | 'dropped';
  type: string;
  alertRef?: string;
}

/**
 * Applies a person's retry or drop to the outbox and audits it (`operator`, with who, how and the
 * status before and after), in the process that writes the data directory: the server's (requests
 * from a CLI next to it come through operator-requests.ts) or the CLI's own when no server runs.
 * An unknown job or a drop of a running one fails with INPUT_INVALID and changes nothing.
 *
 * @example
 *   await applyOperatorRequest(outbox, audit, { operation: 'retry', jobId: 'job-…', by: { id: 'os:ana' }, via: 'cli' });
 *   // { changed: true, statusBefore: 'given_up', statusAfter: 'pending', … }
 */
export async function applyOperatorRequest(
  outbox: Outbox,
  audit: Pick<AuditLog, 'append'>,
  request: OperatorRequest,
): Promise<OperatorOutcome> {
  const before = await outbox.get(request.jobId);
  let after: OutboxJob | undefined;
  let changed: boolean;
  if (request.operation === 'retry') {
    ({ job: after, changed } = await outbox.retry(request.jobId));
  } else {
    await outbox.drop(request.jobId);
    changed = true;
  }
  const job = after ?? before;
  const outcome: OperatorOutcome = {
    jobId: request.jobId,
    operation: request.operation,
    changed,
    statusBefore: before?.status ?? 'pending',
    statusAfter: after?.status ?? 'dropped',
    type: job?.type ?? '',
    ...(job?.origin.alertRef ? { alertRef: job.origin.alertRef } : {}),
  };
  await audit.append({
    actor: request.by,
    action: 'operator',
    summary: `${request.operation} the ${outcome.type} side effect ${request.jobId}`,
    result: changed
      ? `${outcome.statusBefore} → ${outcome.statusAfter}`
      : `unchanged: it was ${outcome.statusBefore}`,
    ...(outcome.alertRef ? { alertRef: outcome.alertRef } : {}),
    ...(request.conversationId ? { conversationId: request.conversationId } : {}),
    details: {
      jobId: request.jobId,
      operation: request.operation,
      via: request.via,
      statusBefore: outcome.statusBefore,
      statusAfter: outcome.statusAfter,
      changed,
    },
  });
  return outcome;
}
