import type { AuditActor } from '../audit/audit-entry';
import type { AuditTrail } from '../audit/audit-trail';
import { SocbotError } from '../errors';
import { multiLine, TEXT_MAX_CHARS } from '../integrations/bounded-text';
import type {
  TicketIdentity,
  TicketResult,
  TicketToFind,
  TicketUpdate,
} from '../integrations/ticketing/ticketing-provider';
import type { JobKindRegistry } from '../jobs/job-kind-registry';
import { idempotencyKeyOf } from '../jobs/idempotency-key';
import { ticketJob, ticketResultSchema } from '../jobs/ticket-job';
import { ticketUpdateJob } from '../jobs/ticket-update-job';
import type { Outbox } from '../outbox/outbox';
import type { AlertClassification } from '../store/alert-change';
import { queueAudited } from './audited-queue';

/** What became of the alert's ticket when the alert was closed or reopened, or a note was added. */
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
  audit: Pick<AuditTrail, 'append' | 'entriesOfAlert'>;
}

export type TicketFollow = (request: TicketFollowRequest) => Promise<TicketFollowOutcome>;

/** Who adds a note to the ticket, and where its outcome is told. */
export interface TicketNoteOptions {
  /** As the audit trail names them; default {@link TICKET_NOTE_ACTOR}. */
  actor?: AuditActor;
  /** Where the update's outcome is told (the conversation directory key); default nowhere but the room and the audit. */
  conversationKey?: string;
}

/**
 * Queues a note for the alert's ticket (`ticket.update` with change `note`, audited): `text` is the
 * note (bounded to 4000 characters, control characters removed; each provider escapes it), and
 * `requestId` with `ref` is the job's idempotency key, so the same note queued again is one job.
 */
export type TicketNote = (
  ref: string,
  text: string,
  requestId: string,
  options?: TicketNoteOptions,
) => Promise<TicketFollowOutcome>;

/** {@link TicketFollow} for close and reopen, with `note` beside it. */
export type TicketFollowWithNote = TicketFollow & { note: TicketNote };

/** Who adds a note nobody asked for in a conversation (the automatic enrichment of a SIEM alert). */
export const TICKET_NOTE_ACTOR: AuditActor = { id: 'system', name: 'socbot enrichment' };

/**
 * Queues the update of an alert's ticket (a `ticket.update` job, audited) when the alert is closed or
 * reopened. The ticket is the result of the alert's `ticket.create` job: read from the outbox, or,
 * once the outbox has dropped the settled job after its retention, from the job's `result` entry
 * in the audit trail (recordJobOutcomes), so no second copy of it is kept on the alert. While the
 * creation job is still pending, the update names the ticket by the creation job's key and waits
 * for it. Queuing the same change again (a replayed Confirm) finds the job already there. `note`
 * queues a note for the ticket the same way (the ticket's state unchanged).
 *
 * @example
 *   const follow = createTicketFollow({ ticketing: 'servicenow', outbox, jobs: JOB_KINDS, audit });
 *   await follow({ ref: 'SOC-2026-0001', change: 'close', classification: 'false_positive', requestId, actor });
 *   await follow.note('SOC-2026-0001', 'VirusTotal: 12 of 94 engines say malicious.', 'enrich-7f3a');
 */
export function createTicketFollow(deps: TicketFollowDeps): TicketFollowWithNote {
  const follow: TicketFollow = (request) => {
    const what =
      request.change === 'close' ? `closed as ${request.classification ?? 'true_positive'}` : 'reopened';
    return queueUpdate(
      deps,
      {
        change: request.change,
        ...(request.classification ? { classification: request.classification } : {}),
        notes: `${request.ref} ${what} in socbot by ${request.actor.name ?? request.actor.id}.`,
      },
      request,
    );
  };
  const note: TicketNote = async (ref, text, requestId, options = {}) => {
    const notes = multiLine(text, TEXT_MAX_CHARS);
    if (notes === '') {
      throw new SocbotError(
        'INPUT_INVALID',
        `The note for the ticket of ${ref} is empty; pass the text to add (e.g. the enrichment verdict).`,
        { ref },
      );
    }
    return queueUpdate(
      deps,
      { change: 'note', notes },
      { ref, requestId, actor: options.actor ?? TICKET_NOTE_ACTOR, conversationKey: options.conversationKey },
    );
  };
  return Object.assign(follow, { note });
}

/** What an update job carries besides the alert and its ticket. */
type UpdateFields = Pick<TicketUpdate, 'change' | 'classification' | 'notes'>;

/** Finds the alert's ticket and queues the audited update for it, or says why there is none. */
async function queueUpdate(
  deps: TicketFollowDeps,
  fields: UpdateFields,
  request: Pick<TicketFollowRequest, 'ref' | 'requestId' | 'actor'> & {
    conversationKey?: string | undefined;
  },
): Promise<TicketFollowOutcome> {
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
  const job = await queueAudited(
    deps,
    ticketUpdateJob,
    { ref: request.ref, ticket, ...fields, requestId: request.requestId },
    {
      alertRef: request.ref,
      requestId: request.requestId,
      ...(request.conversationKey ? { conversationKey: request.conversationKey } : {}),
    },
    { actor: request.actor },
  );
  return { queued: true, jobId: job.id, ...('number' in ticket ? { ticket: ticket.number } : {}) };
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
  // The creation job's outcome entry names the alert (its origin): the alert's timeline, not the whole trail.
  for (const entry of (await deps.audit.entriesOfAlert(ref)).toReversed()) {
    if (entry.action !== 'result' || entry.summary !== ticketJob.type) continue;
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
