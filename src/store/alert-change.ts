import { SocbotError } from '../errors';
import { parseRef } from './alert-record';
import { isPlainObject } from './data-file';

/** Where an alert stands: registered → investigating → contained → closed; a closed one can be reopened. */
export const ALERT_STATUSES = ['registered', 'investigating', 'contained', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** What a closed alert turned out to be. */
export const ALERT_CLASSIFICATIONS = [
  'true_positive',
  'false_positive',
  'expected_activity',
  'confirmed_activity',
] as const;
export type AlertClassification = (typeof ALERT_CLASSIFICATIONS)[number];

/** What a change does: each is one line of the register. */
export const ALERT_CHANGE_ACTIONS = ['lead', 'note', 'contain', 'close', 'reopen'] as const;
export type AlertChangeAction = (typeof ALERT_CHANGE_ACTIONS)[number];

/** What a caller asks for; the register adds `from`, `to` and `at`. */
export interface AlertChangeRequest {
  /** The alert's reference, e.g. `SOC-2026-0001`. */
  ref: string;
  action: AlertChangeAction;
  /** Who made the change (the analyst's name or id). */
  by: string;
  /** Idempotency key: a change with a request id already in the register is not made twice. */
  requestId: string;
  /**
   * For `lead`: who leads the alert from now on, by identity (src/access/lead-identity.ts). A line
   * written before identities were kept holds the display name here and no `leadName`.
   */
  lead?: string;
  /** For `lead`: the new lead's display name, for showing only. */
  leadName?: string;
  /** For `close`. */
  classification?: AlertClassification;
  /** For `note`; an optional reason for the others. */
  note?: string;
}

/** One change line of `alerts.jsonl`: `{"change":"SOC-2026-0001","action":"close",…}`. */
export interface AlertChange extends Omit<AlertChangeRequest, 'ref'> {
  /** The alert's reference (named `change` so that a line says what it is at a glance). */
  change: string;
  from: AlertStatus;
  to: AlertStatus;
  /** ISO 8601 time of the change. */
  at: string;
}

/**
 * Who leads an alert: the person's identity (the normalized form the role lookup keys on) and the
 * name to show. `id` is null for a lead written before socbot kept identities (a line with only a
 * name): it is shown, but it is nobody's alert as "mine" or to close.
 */
export interface AlertLead {
  id: string | null;
  name: string;
}

/** A note on an alert, in the order they were added. */
export interface AlertNote {
  by: string;
  at: string;
  text: string;
}

/** The current state of an alert: its change lines folded, oldest first. */
export interface AlertLifecycle {
  status: AlertStatus;
  /** Set by a close, cleared by a reopen. */
  classification: AlertClassification | null;
  lead: AlertLead | null;
  notes: AlertNote[];
  /** Time of the last change; null for an alert never changed. */
  updatedAt: string | null;
}

/** An alert that was never changed (also every alert of a register written before change lines). */
export function initialLifecycle(): AlertLifecycle {
  return { status: 'registered', classification: null, lead: null, notes: [], updatedAt: null };
}

/** Which actions each status allows, and where they lead (undefined: the status stays). */
const TRANSITIONS: Record<AlertStatus, Partial<Record<AlertChangeAction, AlertStatus | undefined>>> = {
  registered: { lead: 'investigating', note: undefined, contain: 'contained', close: 'closed' },
  investigating: { lead: 'investigating', note: undefined, contain: 'contained', close: 'closed' },
  contained: { lead: 'contained', note: undefined, close: 'closed' },
  closed: { note: undefined, reopen: 'investigating' },
};

/** The actions `status` allows, for messages. */
export function allowedActions(status: AlertStatus): AlertChangeAction[] {
  return ALERT_CHANGE_ACTIONS.filter((action) => action in TRANSITIONS[status]);
}

/**
 * The change line for `request` on an alert that is `current` now, or INPUT_INVALID saying what is
 * possible instead (a closed alert cannot be contained; a close needs a classification).
 */
export function planChange(request: AlertChangeRequest, current: AlertLifecycle, at: Date): AlertChange {
  const from = current.status;
  if (!(request.action in TRANSITIONS[from])) {
    throw new SocbotError(
      'INPUT_INVALID',
      `${request.ref} is ${from}, so it cannot be changed by "${request.action}". ` +
        `Possible now: ${allowedActions(from).join(', ')}.`,
      { ref: request.ref, status: from, action: request.action },
    );
  }
  if (request.action === 'close' && request.classification === undefined) {
    throw new SocbotError(
      'INPUT_INVALID',
      `Closing ${request.ref} needs a classification: one of ${ALERT_CLASSIFICATIONS.join(', ')}.`,
      { ref: request.ref },
    );
  }
  if (request.action === 'lead' && !request.lead?.trim()) {
    throw new SocbotError('INPUT_INVALID', `Name who leads ${request.ref}.`, { ref: request.ref });
  }
  if (request.action === 'note' && !request.note?.trim()) {
    throw new SocbotError('INPUT_INVALID', `A note on ${request.ref} needs some text.`, { ref: request.ref });
  }
  const { ref, ...rest } = request;
  return { change: ref, ...rest, from, to: TRANSITIONS[from][request.action] ?? from, at: at.toISOString() };
}

/** `lifecycle` after `change` (a new object: lifecycles handed out are never changed). */
export function applyChange(lifecycle: AlertLifecycle, change: AlertChange): AlertLifecycle {
  const next: AlertLifecycle = { ...lifecycle, status: change.to, updatedAt: change.at };
  if (change.action === 'lead' && change.lead !== undefined) next.lead = leadOf(change.lead, change.leadName);
  if (change.action === 'close') next.classification = change.classification ?? null;
  if (change.action === 'reopen') next.classification = null;
  if (change.action === 'note' && change.note !== undefined) {
    next.notes = [...lifecycle.notes, { by: change.by, at: change.at, text: change.note }];
  }
  return next;
}

/** The lead a change line names: identity and name; a line with only a name (written before identities) has no identity. */
function leadOf(lead: string, leadName: string | undefined): AlertLead {
  return leadName === undefined ? { id: null, name: lead } : { id: lead, name: leadName };
}

/** True for a change line as socbot writes it: checked on every line read from disk. */
export function isAlertChange(data: unknown): data is AlertChange {
  return (
    isPlainObject(data) &&
    typeof data.change === 'string' &&
    parseRef(data.change) !== undefined &&
    includes(ALERT_CHANGE_ACTIONS, data.action) &&
    includes(ALERT_STATUSES, data.from) &&
    includes(ALERT_STATUSES, data.to) &&
    typeof data.by === 'string' &&
    typeof data.at === 'string' &&
    typeof data.requestId === 'string' &&
    (data.classification === undefined || includes(ALERT_CLASSIFICATIONS, data.classification)) &&
    ['lead', 'leadName', 'note'].every(
      (field) => data[field] === undefined || typeof data[field] === 'string',
    )
  );
}

function includes<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
