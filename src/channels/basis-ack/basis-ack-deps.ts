import type { AuditRecord } from '../../audit/audit-entry';

/** What {@link BasisAckDeps.acknowledge} answers. */
export type BasisAckOutcome =
  /** Recorded now; the analyst is being told. */
  | { status: 'acknowledged' }
  /** Acknowledged before (a second click): nothing recorded twice. */
  | { status: 'already-acknowledged' }
  /** No alert with this reference in the register (a link from another installation). */
  | { status: 'not-found' };

/** How an acknowledgement arrived, for the record. */
export interface BasisAckVia {
  via: 'link';
  /** The client's address as the server saw it. */
  ip?: string;
}

/**
 * What the acknowledge route (`/api/basis/ack`) needs from the composition root (src/app/). It is
 * called only after the link's token was verified.
 */
export interface BasisAckDeps {
  /**
   * Records that the Basis team acknowledged alert `ref` and tells the analyst (proactively).
   * Idempotent: a second call for the same `ref` answers `already-acknowledged`.
   */
  acknowledge(ref: string, how: BasisAckVia): Promise<BasisAckOutcome>;
  /** Appends to the audit trail (refused links too). */
  audit(entry: AuditRecord): Promise<void>;
}

/** Settings of the acknowledge route, from the environment. */
export interface BasisAckOptions {
  /** BASIS_ACK_SECRET; empty or absent → the route answers 503 and acknowledges nothing. */
  secret: string | undefined;
  /** BASIS_ACK_TTL_HOURS: a link older than this answers 410 (default 72). */
  ttlHours?: number;
  /** Requests per client IP per minute before 429 (default 30). */
  maxRequestsPerMinute?: number;
  /** The clock, for tests. */
  now?: () => Date;
}
