import type { AuditEntry, AuditRecord } from './audit-entry';
import type { ChainTail } from './chained-entry';
import type { AuditVerification } from './verify-audit';

/**
 * The append-only, hash-chained audit trail, wherever it is kept: `audit.jsonl` in the data
 * directory (`AuditLog`, the embedded default) or one table shared by every replica
 * (`PgAuditTrail`, SOCBOT_DATABASE_URL). Both chain entries the same way (entry-hash.ts), so an
 * imported file verifies in the database.
 *
 * Readers get whole entries in `seq` order and see every append this process made before the read.
 *
 * @example
 *   await audit.append({ actor: { id: 'aad-1', name: 'Ana', role: 'analyst' }, action: 'command',
 *     summary: 'register alert', alertRef: 'SOC-2026-0001', details: { alertId: '4711' } });
 *   const timeline = await audit.entriesOfAlert('SOC-2026-0001');
 *   const check = await audit.verify(); // { intact: true, entries: 1, headHash: '…' }
 */
export interface AuditTrail {
  /** Where the trail is, for messages and exports: the file, or the database table and server. */
  readonly location: string;
  /** Writes one entry (details redacted, numbered, chained) and resolves with it once it is durable. */
  append(record: AuditRecord): Promise<AuditEntry>;
  /** Every whole entry, oldest first (a file's cut-off or foreign line is left out: `verify` names it). */
  entries(): Promise<AuditEntry[]>;
  /**
   * The whole entries after `seq`, oldest first: what was appended since a reader's last entry
   * (`entriesAfter(0)` is every entry). For a reader that follows the trail it costs what was
   * appended, not the trail's length: PostgreSQL reads by the primary key; the file is read on from
   * where this instance's last such read ended, and from the start on the first call, for a seq
   * before that read's last entry, or when the file was replaced or rewritten.
   */
  entriesAfter(seq: number): Promise<AuditEntry[]>;
  /**
   * One alert's timeline, oldest first: the entries that name the alert (case-insensitively) and
   * those of the same request (`details.requestId`) as one of them (see `timelineOf`).
   */
  entriesOfAlert(alertRef: string): Promise<AuditEntry[]>;
  /**
   * The entries of these requests (`details.requestId`, exactly), oldest first: what a replay of
   * cut-off actions needs to know of them. PostgreSQL reads them by the request-id index, so a
   * trail of millions of entries is never read whole for a handful of requests; the file is read.
   */
  entriesOfRequests(requestIds: readonly string[]): Promise<AuditEntry[]>;
  /**
   * Where the chain ends now: the last entry's seq and hash (0 and GENESIS_HASH when empty). Cheap,
   * so what is derived from the trail can be cached until it moves on.
   */
  head(): Promise<ChainTail>;
  /** Checks the whole chain and names the first entry that is not what was written. */
  verify(): Promise<AuditVerification>;
  /** Resolves when every append under way has finished. */
  flush(): Promise<void>;
  /** Flushes and lets go of what the trail holds open (a file handle; not a shared pool). */
  close(): Promise<void>;
}
