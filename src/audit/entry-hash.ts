import { createHash } from 'node:crypto';
import { canonicalJson } from '../nlu/corpus/canonical-json';
import type { AuditEntry } from './audit-entry';

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash that chains an entry to the one before: sha256(prevHash + canonical JSON of the entry
 * without its `hash`). Canonical JSON (sorted keys) makes it independent of key order, so only a
 * change of content changes it.
 *
 * @example
 *   const hash = entryHash({ seq: 1, at, actor, action: 'command', summary: 'register alert', details: {}, prevHash: GENESIS_HASH });
 */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { hash: _ignored, ...content } = entry as AuditEntry;
  return createHash('sha256').update(entry.prevHash).update(canonicalJson(content)).digest('hex');
}
