import { readAuditFile } from '../../audit/read-audit-file';
import { verifyAuditLines } from '../../audit/verify-audit';
import { asStorableJson } from '../../db/json-param';
import { SocbotError } from '../../errors';
import type { AuditImport, PgAuditTrail } from './pg-audit-trail';

/**
 * Copies an embedded data directory's `audit.jsonl` into the database's audit trail, entry for
 * entry with its seq and hashes, so `socbot audit verify` on the database finds the same chain and
 * the same head hash (for `socbot migrate-data --from ./data`). Run it again and nothing is copied
 * twice. A file whose chain is broken is refused (STORAGE_CORRUPT): copying it would make a broken
 * trail look like a migrated one. So is a file with an entry PostgreSQL cannot hold as written (a NUL
 * or a lone surrogate, which jsonb refuses; STORAGE_CONFLICT): stored with U+FFFD, that entry would
 * no longer match its hash, and the chain would look tampered with.
 *
 * @example
 *   const { imported } = await importAuditFromFiles(auditFilePath('./data'), new PgAuditTrail(db));
 */
export async function importAuditFromFiles(file: string, trail: PgAuditTrail): Promise<AuditImport> {
  const { lines, complete, exists } = await readAuditFile(file);
  const check = verifyAuditLines(lines, { complete, exists, file, unit: 'line' });
  if (!check.intact) {
    throw new SocbotError(
      'STORAGE_CORRUPT',
      `${file} cannot be imported: its audit chain is broken at entry ${check.firstBadSeq} (line ${check.lineNo}, ${check.problem}). ` +
        `Run \`socbot audit verify --file ${file}\`; a cut-off last line is set aside when socbot starts once on that data directory. ${check.message}`,
      { file, firstBadSeq: check.firstBadSeq, problem: check.problem },
    );
  }
  const entries = lines.flatMap((line) => (line.entry ? [line.entry] : []));
  const unstorable = entries.find((entry) => asStorableJson(entry) !== entry);
  if (unstorable) {
    throw new SocbotError(
      'STORAGE_CONFLICT',
      `${file} cannot be imported: audit entry ${unstorable.seq} holds a NUL character or a lone UTF-16 surrogate, which PostgreSQL (jsonb) cannot store, ` +
        `and storing U+FFFD instead would break that entry's hash. Keep ${file} as the evidence of the trail so far and start the database with its own trail ` +
        `(move audit.jsonl out of the data directory before \`socbot migrate-data\`).`,
      { file, seq: unstorable.seq },
    );
  }
  return trail.importChain(entries);
}
