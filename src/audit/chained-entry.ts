import type { AuditEntry, AuditRecord } from './audit-entry';
import { entryHash } from './entry-hash';
import { redactSecrets } from './redact-secrets';

/** Where a chain ends: the last entry's `seq` and `hash` (0 and GENESIS_HASH for an empty trail). */
export interface ChainTail {
  seq: number;
  hash: string;
}

/**
 * The entry that follows `tail` for `record`: numbered, stamped, redacted and hashed. One function
 * for every trail, so the file and the database chain byte-for-byte the same way.
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
  const content: Omit<AuditEntry, 'hash'> = {
    seq: tail.seq + 1,
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
    prevHash: tail.hash,
  };
  return { ...content, hash: entryHash(content) };
}
