import type { AuditRecord } from '../../audit/audit-entry';

/** What acknowledging an escalation answered. */
export type EscalationAckAnswer =
  | { status: 'acknowledged' }
  /** Acknowledged before (by `by`): nothing recorded twice. */
  | { status: 'already-acknowledged'; by: string }
  | { status: 'not-found' };

/**
 * What the escalation acknowledge route (`/api/escalation/ack`) needs from the composition root
 * (src/app/escalation.ts). Called only after the link's token was verified.
 */
export interface EscalationAckDeps {
  /** The configured recipient a link's `r=` names, or undefined (not, or no longer, a recipient). */
  recipientOfTag(tag: string): string | undefined;
  /** Records (and audits) the acknowledgement by this recipient; idempotent per alert. */
  acknowledge(ref: string, recipient: string, how: { ip: string }): Promise<EscalationAckAnswer>;
  /** Appends to the audit trail (refused links). */
  audit(entry: AuditRecord): Promise<void>;
}

/** Settings of the route, from the environment. */
export interface EscalationAckOptions {
  /** BASIS_ACK_SECRET (it signs every acknowledge link); empty → 503, nothing acknowledged. */
  secret: string;
  /** BASIS_ACK_TTL_HOURS: a link older than this answers 410. */
  ttlHours: number;
  /** Requests per client IP per minute before 429 (default 30). */
  maxRequestsPerMinute?: number;
  now?: () => Date;
}
