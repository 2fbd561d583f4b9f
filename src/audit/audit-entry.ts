/**
 * What kind of event an audit entry records.
 *
 * - `command`: a recognized command ("register alert 4711");
 * - `confirmation`: the analyst confirmed (or declined) a side effect;
 * - `call`: an outbound call was queued or attempted (ticket, block, notify);
 * - `result`: the outcome of a call (succeeded, failed, given up);
 * - `refusal`: the bot refused (not authorized, invalid input);
 * - `acknowledgement`: the Basis team acknowledged a notice;
 * - `repair`: start-up set damaged data aside (a line cut off by a crash) or rebuilt a lost file;
 * - `operator`: a person retried or dropped a side effect (`socbot outbox`, the Retry button);
 * - `approval`: the two-person rule: a request for a lead's approval, its approval or rejection,
 *   or its expiry (each an entry of its own; what runs afterwards is a `call`).
 */
export type AuditAction =
  | 'command'
  | 'confirmation'
  | 'call'
  | 'result'
  | 'refusal'
  | 'acknowledgement'
  | 'repair'
  | 'operator'
  | 'approval';

/** Who did it: the Teams/Entra id (or `system` for the SIEM intake and the outbox worker). */
export interface AuditActor {
  id: string;
  name?: string;
  role?: string;
}

/**
 * What a caller records; the audit log adds `seq`, `at`, `prevHash` and `hash`.
 *
 * @example
 *   { actor: { id: 'aad-1', name: 'Ana', role: 'analyst' }, action: 'command', summary: 'register alert',
 *     alertRef: 'SOC-2026-0001', conversationId: 'c1', details: { alertId: '4711', system: 'PRD' } }
 */
export interface AuditRecord {
  actor: AuditActor;
  action: AuditAction;
  /** One line for a SOC manager: what was asked or done ("block terminal PC-0815"). */
  summary: string;
  /** The outcome in a few words ("ticket INC0012345", "refused: not a lead"). */
  result?: string;
  alertRef?: string;
  conversationId?: string;
  /** Structured context; keys that name secrets (password, token, secret, authorization…) are redacted. */
  details?: Record<string, unknown>;
}

/** One line of the audit file. */
export interface AuditEntry extends Omit<AuditRecord, 'details'> {
  /** 1, 2, 3… without gaps: a gap means a deleted entry. */
  seq: number;
  /** ISO time it was written. */
  at: string;
  details: Record<string, unknown>;
  /** The previous entry's hash (GENESIS_HASH for the first). */
  prevHash: string;
  /** sha256 over prevHash and the canonical JSON of this entry without `hash`. */
  hash: string;
}
