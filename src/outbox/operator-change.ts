import type { AuditActor, AuditRecord } from '../audit/audit-entry';
import type { AuditTrail } from '../audit/audit-trail';
import { asSocbotError, SocbotError } from '../errors';
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
 * The entry is written first and the outbox changed only once it is on disk: an audit trail that
 * cannot be appended to (STORAGE_CORRUPT) leaves the job as it was, so no change goes unaudited
 * and a rebuild of the outbox from the audit trail agrees with it.
 *
 * @example
 *   await applyOperatorRequest(outbox, audit, { operation: 'retry', jobId: 'job-…', by: { id: 'os:ana' }, via: 'cli' });
 *   // { changed: true, statusBefore: 'given_up', statusAfter: 'pending', … }
 */
export async function applyOperatorRequest(
  outbox: Outbox,
  audit: Pick<AuditTrail, 'append'>,
  request: OperatorRequest,
): Promise<OperatorOutcome> {
  const outcome = plannedOutcome(request, await outbox.get(request.jobId));
  await audit.append(auditRecordOf(request, outcome));
  try {
    if (request.operation === 'drop') await outbox.drop(request.jobId);
    else if (outcome.changed) await outbox.retry(request.jobId);
  } catch (error) {
    // The job moved on between the entry and the change (in a server, a drop just as an attempt
    // began): the trail says so, so the entry above is not the last word.
    await audit.append(notDoneRecordOf(request, outcome, asSocbotError(error)));
    throw error;
  }
  return outcome;
}

/** What the request will do to the job as it stands; throws for what must not be done. */
function plannedOutcome(request: OperatorRequest, job: OutboxJob | undefined): OperatorOutcome {
  if (!job) {
    throw new SocbotError(
      'INPUT_INVALID',
      `There is no outbox job ${request.jobId}. \`socbot outbox list --all\` shows the ids there are; settled jobs are removed after the retention period.`,
      { jobId: request.jobId },
    );
  }
  if (request.operation === 'drop' && job.status === 'running') {
    throw new SocbotError(
      'INPUT_INVALID',
      `The outbox job ${job.id} is running an attempt right now; wait for it to end (\`socbot outbox list\`), then drop it if it still needs dropping.`,
      { jobId: job.id },
    );
  }
  // As Outbox.retry decides: only a job that ended not done runs again.
  const changed = request.operation === 'drop' || job.status === 'given_up' || job.status === 'failed';
  return {
    jobId: job.id,
    operation: request.operation,
    changed,
    statusBefore: job.status,
    statusAfter: request.operation === 'drop' ? 'dropped' : changed ? 'pending' : job.status,
    type: job.type,
    ...(job.origin.alertRef ? { alertRef: job.origin.alertRef } : {}),
  };
}

function auditRecordOf(request: OperatorRequest, outcome: OperatorOutcome): AuditRecord {
  return {
    actor: request.by,
    action: 'operator',
    summary: `${request.operation} the ${outcome.type} side effect ${request.jobId}`,
    result: outcome.changed
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
      changed: outcome.changed,
    },
  };
}

function notDoneRecordOf(
  request: OperatorRequest,
  outcome: OperatorOutcome,
  error: SocbotError,
): AuditRecord {
  return {
    actor: request.by,
    action: 'operator',
    summary: `${request.operation} the ${outcome.type} side effect ${request.jobId}: not done`,
    result: `not done: ${error.code}`,
    ...(outcome.alertRef ? { alertRef: outcome.alertRef } : {}),
    ...(request.conversationId ? { conversationId: request.conversationId } : {}),
    // No \`operation\` here: the rebuild from the audit trail replays only the changes that were made.
    details: { jobId: request.jobId, notDone: request.operation, via: request.via, code: error.code },
  };
}
