import type { AuditEntry, AuditRecord } from './audit-entry';
import { entryHash } from './entry-hash';
import { redactSecrets } from './redact-secrets';

/** Where a chain ends: the last entry's `seq` and `hash` (0 and GENESIS_HASH for an empty trail). */
export interface ChainTail {
  seq: number;
  hash: string;
}

/** An entry before it is chained: everything but `seq`, `prevHash` and `hash`. */
export type EntryContent = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/**
 * What an entry for `record` holds besides its place in the chain: stamped with `at` and with the
 * secrets removed. One function for every trail: the file chains it in JS (chainedEntry), the
 * database in SQL (PgAuditTrail), and both hash exactly this content.
 *
 * @example
 *   const content = entryContent(record, new Date(), credentialValues(config));
 */
export function entryContent(record: AuditRecord, at: Date, secrets: readonly string[]): EntryContent {
  return {
    at: at.toISOString(),
    actor: { ...record.actor },
    action: record.action,
    // The one-line texts too: a summary or result may quote a service's words.
    summary: redactSecrets(record.summary, secrets),
    ...(record.result !== undefined ? { result: redactSecrets(record.result, secrets) } : {}),
    ...(record.alertRef !== undefined ? { alertRef: record.alertRef } : {}),
    ...(record.conversationId !== undefined ? { conversationId: record.conversationId } : {}),
    // Through JSON once, so the hash covers exactly what a reader will parse back.
    details: JSON.parse(JSON.stringify(redactSecrets(record.details ?? {}, secrets))) as Record<
      string,
      unknown
    >,
  };
}

/**
 * The entry that follows `tail` for `record`: numbered, stamped, redacted and hashed, as the file
 * trail writes it (the database chains the same content in SQL, to the same bytes).
 *
 * @example
 *   const entry = chainedEntry({ seq: 0, hash: GENESIS_HASH }, record, new Date(), credentialValues(config));
 */
export function chainedEntry(
  tail: ChainTail,
  record: AuditRecord,
  at: Date,
  secrets: readonly string[],
): AuditEntry {
  // The keys in the order the file has always written them: seq first, the hashes last.
  const content: Omit<AuditEntry, 'hash'> = {
    seq: tail.seq + 1,
    ...entryContent(record, at, secrets),
    prevHash: tail.hash,
  };
  return { ...content, hash: entryHash(content) };
}
