import type { AuditActor, AuditRecord } from '../audit/audit-entry';
import { readAuditFile } from '../audit/read-audit-file';
import type {
  TicketIdentity,
  TicketResult,
  TicketToFind,
} from '../integrations/ticketing/ticketing-provider';
import type { JobKindRegistry } from '../jobs/job-kind-registry';
import { idempotencyKeyOf } from '../jobs/idempotency-key';
import { ticketJob, ticketResultSchema } from '../jobs/ticket-job';
import { ticketUpdateJob } from '../jobs/ticket-update-job';
import type { Outbox } from '../outbox/outbox';
import type { AlertClassification } from '../store/alert-change';
import { queueAudited } from './audited-queue';

/** What became of the alert's ticket when the alert was closed or reopened. */
export type TicketFollowOutcome =
  /** `ticket` is the ticket's number; absent when the ticket is not created yet (the update waits for it). */
  | { queued: true; jobId: string; ticket?: string }
  | { queued: false; reason: 'no-ticketing' | 'no-ticket'; said: string };

/** A close or reopen that the alert's ticket follows. */
export interface TicketFollowRequest {
  ref: string;
  change: 'close' | 'reopen';
  classification?: AlertClassification;
  /** The lifecycle change's request id: with the ref, the update job's idempotency key. */
  requestId: string;
  /** Who changed the alert, as the audit trail names them. */
  actor: AuditActor;
  /** Where the update's outcome is told (the conversation directory key). */
  conversationKey?: string;
}

/** What {@link createTicketFollow} uses. */
export interface TicketFollowDeps {
  /** The configured ticketing provider; undefined when TICKETING=none (no ticket exists to follow). */
  ticketing: TicketResult['provider'] | undefined;
  outbox: Outbox;
  jobs: JobKindRegistry;
  audit: { file: string; append(record: AuditRecord): Promise<unknown>; flush(): Promise<void> };
}

export type TicketFollow = (request: TicketFollowRequest) => Promise<TicketFollowOutcome>;

/**
 * Queues the update of an alert's ticket (a `ticket.update` job, audited) when the alert is closed or
 * reopened. The ticket is the result of the alert's `ticket.create` job: read from the outbox, or,
 * once the outbox has dropped the settled job after its retention, from the job's `result` entry
 * in the audit trail (recordJobOutcomes), so no second copy of it is kept on the alert. While the
 * creation job is still pending, the update names the ticket by the creation job's key and waits
 * for it. Queuing the same change again (a replayed Confirm) finds the job already there.
 *
 * @example
 *   const follow = createTicketFollow({ ticketing: true, outbox, jobs: JOB_KINDS, audit });
 *   await follow({ ref: 'SOC-2026-0001', change: 'close', classification: 'false_positive', requestId, actor });
 */
export function createTicketFollow(deps: TicketFollowDeps): TicketFollow {
  return async (request) => {
    if (deps.ticketing === undefined) {
      return {
        queued: false,
        reason: 'no-ticketing',
        said: 'No ticketing system is configured (TICKETING=none), so no ticket was updated.',
      };
    }
    const found = await ticketOf(deps, request.ref);
    // Not created yet: the provider finds it by the creation key, and the update waits until it can.
    const ticket: TicketIdentity | TicketToFind | undefined =
      found === 'pending'
        ? { provider: deps.ticketing, creationKey: idempotencyKeyOf(request.ref, ticketJob.type) }
        : found;
    if (!ticket) {
      return {
        queued: false,
        reason: 'no-ticket',
        said: `${request.ref} has no ticket, so no ticket was updated.`,
      };
    }
    const what =
      request.change === 'close' ? `closed as ${request.classification ?? 'true_positive'}` : 'reopened';
    const job = await queueAudited(
      deps,
      ticketUpdateJob,
      {
        ref: request.ref,
        ticket,
        change: request.change,
        ...(request.classification ? { classification: request.classification } : {}),
        notes: `${request.ref} ${what} in socbot by ${request.actor.name ?? request.actor.id}.`,
        requestId: request.requestId,
      },
      {
        alertRef: request.ref,
        requestId: request.requestId,
        ...(request.conversationKey ? { conversationKey: request.conversationKey } : {}),
      },
      { actor: request.actor },
    );
    return { queued: true, jobId: job.id, ...('number' in ticket ? { ticket: ticket.number } : {}) };
  };
}

/** The alert's ticket as created; 'pending' while its creation job may still succeed. */
async function ticketOf(
  deps: TicketFollowDeps,
  ref: string,
): Promise<TicketIdentity | 'pending' | undefined> {
  const key = idempotencyKeyOf(ref, ticketJob.type);
  const job = (await deps.outbox.list()).find(
    (candidate) => candidate.type === ticketJob.type && candidate.idempotencyKey === key,
  );
  if (job?.status === 'succeeded') return identityOf(job.result);
  // Not succeeded (yet): a failed or given-up creation can still be retried, and its ticket then exists.
  if (job) return 'pending';
  await deps.audit.flush();
  const { lines } = await readAuditFile(deps.audit.file);
  for (const { entry } of lines.toReversed()) {
    if (entry?.action !== 'result' || entry.summary !== ticketJob.type) continue;
    if (entry.details.idempotencyKey !== key) continue;
    const identity = identityOf(entry.details.result);
    if (identity) return identity;
  }
  return undefined;
}

function identityOf(result: unknown): TicketIdentity | undefined {
  const parsed = ticketResultSchema.safeParse(result);
  return parsed.success
    ? { provider: parsed.data.provider, id: parsed.data.id, number: parsed.data.number }
    : undefined;
}
