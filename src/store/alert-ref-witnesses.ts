import type { AuditTrail } from '../audit/audit-trail';
import { isAlertRecord, parseRef } from './alert-record';
import type { AlertRecord } from './alert-register';
import { isPlainObject } from './data-file';

/**
 * What the other records of a data directory know about alerts. The register asks them at start
 * (AlertRegister.open): a reference any of them names is never handed out again, and an alert they
 * say was registered but the register has no line for (a power loss took it) is rebuilt from them.
 */
export interface WitnessedAlerts {
  /** Per year, the highest sequence any witness names: the next reference goes above it. */
  highest: ReadonlyMap<number, number>;
  /**
   * References a witness says the register handed out (a ticket job, a registration or an action's
   * result in the audit trail), each with where it says so, for messages.
   */
  registered: ReadonlyMap<string, string>;
  /** The alert with this reference as the witnesses know it; undefined when they know too little. */
  rebuild(ref: string): AlertRecord | undefined;
}

/** Reads the witnesses afresh (at each start). */
export type AlertRefWitnesses = () => Promise<WitnessedAlerts>;

/** An outbox job as far as a witness reads it (src/outbox's OutboxJob has this shape). */
export interface WitnessJob {
  id: string;
  type: string;
  payload: unknown;
  origin: { alertRef?: string; requestId?: string };
  createdAt: string;
}

/** Where the witnesses are. */
export interface AlertRefWitnessSources {
  /** The outbox (its `list` reads outbox.json, also before the outbox starts). */
  outbox: { list(): Promise<readonly WitnessJob[]> };
  /** The job type that creates an alert's ticket: its payload holds the whole alert. */
  ticketJobType: string;
  /** The audit trail (`audit.jsonl`, or the database's). */
  audit: Pick<AuditTrail, 'entries' | 'location'>;
  /** The Basis request log: a request names the alert it is about. */
  basisRequests: { list(): Promise<ReadonlyArray<{ alert: string }>> };
}

/**
 * The witnesses of a data directory: the outbox's jobs, the audit trail and the Basis request log.
 * Any reference they name raises the next one; a ticket job's payload, or an audit `confirmation`
 * with the action's `result` that names the reference, is enough to rebuild the alert.
 *
 * @example
 *   const witnesses = alertRefWitnesses({ outbox, ticketJobType: ticketJob.type, audit,
 *     basisRequests: store.basisRequests });
 *   await store.alerts.open(witnesses);
 */
export function alertRefWitnesses(sources: AlertRefWitnessSources): AlertRefWitnesses {
  return async () => {
    const [jobs, audit, requests] = await Promise.all([
      sources.outbox.list(),
      readAuditEntries(sources.audit),
      sources.basisRequests.list(),
    ]);
    const highest = new Map<number, number>();
    const name = (ref: unknown): void => {
      const parsed = typeof ref === 'string' ? parseRef(ref) : undefined;
      if (parsed && parsed.sequence > (highest.get(parsed.year) ?? 0))
        highest.set(parsed.year, parsed.sequence);
    };
    const registered = new Map<string, string>();
    const tickets = new Map<string, WitnessJob>();
    for (const job of jobs) {
      name(job.origin.alertRef);
      const ref = isPlainObject(job.payload) ? job.payload.ref : undefined;
      name(ref);
      if (job.type === sources.ticketJobType && typeof ref === 'string' && parseRef(ref)) {
        tickets.set(ref, job);
        if (!registered.has(ref)) registered.set(ref, `the ticket job ${job.id} in outbox.json`);
      }
    }
    for (const request of requests) name(request.alert);
    for (const entry of audit) {
      name(entry.alertRef);
      if (entry.alertRef && parseRef(entry.alertRef) && sayItWasRegistered(entry, sources.ticketJobType)) {
        if (!registered.has(entry.alertRef))
          registered.set(entry.alertRef, `audit entry ${entry.seq} in ${sources.audit.location}`);
      }
    }
    return {
      highest,
      registered,
      rebuild: (ref) => fromTicketJob(tickets.get(ref), audit) ?? fromAuditTrail(ref, audit),
    };
  };
}

/** An audit entry as far as a witness reads it. */
interface WitnessEntry {
  seq: number;
  at: string;
  action: string;
  result?: string;
  alertRef?: string;
  conversationId?: string;
  actor: { id: string; name?: string };
  details: Record<string, unknown>;
}

/**
 * An action's result about a registered alert (`done: SOC-…`), the SIEM intake's registration, or
 * the queued ticket of an alert: each is written only after the register handed the reference out.
 * Other entries may name a reference someone typed (a refusal, a Basis request about an alert ID).
 */
function sayItWasRegistered(entry: WitnessEntry, ticketJobType: string): boolean {
  return (
    (entry.action === 'result' && entry.result === `done: ${entry.alertRef}`) ||
    (entry.action === 'command' && entry.result === 'registered') ||
    (entry.action === 'call' && entry.details.type === ticketJobType)
  );
}

/**
 * The ticket job's payload is the alert's facts and its origin the request that registered it (an
 * older job without it: the action's audited result); the audit trail adds the conversation.
 */
function fromTicketJob(job: WitnessJob | undefined, audit: readonly WitnessEntry[]): AlertRecord | undefined {
  if (!job || !isPlainObject(job.payload)) return undefined;
  const facts = job.payload;
  const ref = String(facts.ref);
  const result = audit.find((entry) => entry.action === 'result' && entry.result === `done: ${ref}`);
  const said = audit.find((entry) => entry.alertRef === ref && entry.conversationId !== undefined);
  return recordOf(ref, {
    alertId: facts.alertId,
    terminal: facts.terminal,
    username: facts.username,
    system: facts.system,
    client: facts.client,
    priority: facts.priority,
    createdBy: facts.requestedBy,
    conversationId: said?.conversationId ?? '',
    requestId: job.origin.requestId ?? result?.details.requestId,
    createdAt: job.createdAt,
  });
}

/** The confirmed form's values (the `confirmation` entry of the request whose `result` names the alert). */
function fromAuditTrail(ref: string, audit: readonly WitnessEntry[]): AlertRecord | undefined {
  for (const result of audit) {
    if (result.action !== 'result' || result.result !== `done: ${ref}`) continue;
    const requestId = result.details.requestId;
    const confirmation = audit.find(
      (entry) =>
        entry.action === 'confirmation' &&
        entry.result === 'confirmed' &&
        entry.details.requestId === requestId &&
        isPlainObject(entry.details.slots),
    );
    const slots = confirmation?.details.slots;
    if (!confirmation || !isPlainObject(slots)) continue;
    const record = recordOf(ref, {
      ...slots,
      createdBy: confirmation.actor.name ?? confirmation.actor.id,
      conversationId: result.conversationId ?? '',
      requestId,
      createdAt: result.at,
    });
    if (record) return record;
  }
  return undefined;
}

/**
 * A register record from what a witness holds, or undefined when a required field is missing:
 * checked by the register's own rule for a record (isAlertRecord).
 */
function recordOf(ref: string, facts: Record<string, unknown>): AlertRecord | undefined {
  const text = (key: string): string | undefined =>
    typeof facts[key] === 'string' ? (facts[key] as string) : undefined;
  const client = text('client');
  const requestId = text('requestId');
  const record: unknown = {
    alertId: text('alertId'),
    terminal: text('terminal'),
    username: text('username'),
    system: text('system'),
    ...(client !== undefined ? { client } : {}),
    // The register-alert action's default when the analyst skipped it.
    priority: text('priority') ?? 'P3',
    createdBy: text('createdBy'),
    conversationId: text('conversationId'),
    ...(requestId !== undefined ? { requestId } : {}),
    ref,
    status: 'registered',
    createdAt: text('createdAt'),
  };
  return isAlertRecord(record) ? record : undefined;
}

/**
 * The audit trail's entries, leniently: one that is not what a witness reads is passed over here
 * (the audit trail's own checks report it; a witness only adds what it can read).
 */
async function readAuditEntries(audit: Pick<AuditTrail, 'entries'>): Promise<WitnessEntry[]> {
  const entries: unknown[] = await audit.entries();
  return entries.filter(isWitnessEntry);
}

function isWitnessEntry(value: unknown): value is WitnessEntry {
  return (
    isPlainObject(value) &&
    typeof value.seq === 'number' &&
    typeof value.at === 'string' &&
    typeof value.action === 'string' &&
    isPlainObject(value.actor) &&
    typeof value.actor.id === 'string' &&
    isPlainObject(value.details) &&
    (value.alertRef === undefined || typeof value.alertRef === 'string') &&
    (value.result === undefined || typeof value.result === 'string') &&
    (value.conversationId === undefined || typeof value.conversationId === 'string')
  );
}
