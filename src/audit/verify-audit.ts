import type { AuditEntry } from './audit-entry';
import { entryHash, GENESIS_HASH } from './entry-hash';
import { readAuditFile, type AuditLine } from './read-audit-file';

/**
 * What is wrong at the first bad entry:
 * - `changed`: the entry's content no longer matches its hash (edited after it was written);
 * - `chain_broken`: the entry's hash is its own, but it does not follow the entry before (an
 *   earlier entry was edited and re-hashed, or the file was spliced);
 * - `deleted`: sequence numbers jump (entries removed);
 * - `reordered`: an entry comes before one with a smaller sequence number;
 * - `truncated`: the last line is cut off;
 * - `not_an_entry`: a line that is not an audit entry at all.
 */
export type AuditProblem =
  'changed' | 'chain_broken' | 'deleted' | 'reordered' | 'truncated' | 'not_an_entry';

/** The result of `verifyAudit`. */
export type AuditVerification =
  | { intact: true; entries: number; file: string; exists: boolean; headHash: string }
  | {
      intact: false;
      /** Entries verified before the first bad one. */
      entries: number;
      file: string;
      /** The sequence number where the trail stops being trustworthy. */
      firstBadSeq: number;
      /** The line of the file, or the row (its `seq` column) of the database table. */
      lineNo: number;
      /** What `lineNo` counts. */
      unit: 'line' | 'row';
      problem: AuditProblem;
      /** What is wrong and how to investigate, for a person. */
      message: string;
    };

/**
 * Checks the whole chain and reports the first entry that is not what was written.
 * `headHash` of an intact trail is worth recording elsewhere (a ticket, a daily report): with it,
 * even a rewrite of the whole file or a cut after a complete line is detectable.
 *
 * @example
 *   const check = await verifyAudit('./data/audit.jsonl');
 *   if (!check.intact) console.error(`entry ${check.firstBadSeq}: ${check.message}`);
 */
export async function verifyAudit(file: string): Promise<AuditVerification> {
  const { lines, complete, exists } = await readAuditFile(file);
  return verifyAuditLines(lines, { complete, exists, file, unit: 'line' });
}

/** Where the lines `verifyAuditLines` checks come from. */
export interface AuditSource {
  /** False when the last line is cut off. */
  complete: boolean;
  exists: boolean;
  /** The file, or the table and server, as the result names it. */
  file: string;
  unit: 'line' | 'row';
  /** Said after what is wrong: how to investigate (default: for a file). */
  howToInvestigate?: string;
}

/**
 * `verifyAudit`'s checks on lines read from anywhere (a file, or a table's rows in `seq` order,
 * `lineNo` being the row's seq): the same problems, named the same way.
 *
 * @example
 *   const check = verifyAuditLines(rows, { complete: true, exists: true, file: 'PostgreSQL audit_entries', unit: 'row' });
 */
export function verifyAuditLines(lines: readonly AuditLine[], source: AuditSource): AuditVerification {
  const { complete, exists, file, unit } = source;
  const lineWord = unit === 'line' ? 'Line' : 'Row';
  const howToInvestigate = source.howToInvestigate ?? HOW_TO_INVESTIGATE;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const [index, line] of lines.entries()) {
    const broken = (problem: AuditProblem, firstBadSeq: number, message: string): AuditVerification => ({
      intact: false,
      entries: expectedSeq - 1,
      file,
      firstBadSeq,
      lineNo: line.lineNo,
      unit,
      problem,
      message: `${message} ${howToInvestigate}`,
    });
    const entry = line.entry;
    if (!entry) {
      if (index === lines.length - 1 && !complete) {
        return broken(
          'truncated',
          expectedSeq,
          `${lineWord} ${line.lineNo} is cut off: the file was truncated, or a write was interrupted by a crash.`,
        );
      }
      return broken('not_an_entry', expectedSeq, `${lineWord} ${line.lineNo} is not an audit entry.`);
    }
    if (entryHash(entry) !== entry.hash) {
      return broken(
        'changed',
        expectedSeq,
        `Entry ${expectedSeq} (${unit} ${line.lineNo}) was changed after it was written: its content does not match its hash.`,
      );
    }
    if (entry.seq !== expectedSeq) return outOfSequence(entry, line, lines, expectedSeq, unit, broken);
    if (entry.prevHash !== prevHash) {
      return broken(
        'chain_broken',
        entry.seq,
        `Entry ${entry.seq} (${unit} ${line.lineNo}) does not follow entry ${entry.seq - 1}: an earlier entry was changed and re-hashed, or lines were replaced.`,
      );
    }
    prevHash = entry.hash;
    expectedSeq += 1;
  }
  return { intact: true, entries: expectedSeq - 1, file, exists, headHash: prevHash };
}

const HOW_TO_INVESTIGATE =
  'Keep a copy of the file as evidence, compare it with a backup (`diff`), check who had write access to the data directory, and look at the bot logs around that time.';

function outOfSequence(
  entry: AuditEntry,
  line: AuditLine,
  lines: readonly AuditLine[],
  expectedSeq: number,
  unit: 'line' | 'row',
  broken: (problem: AuditProblem, firstBadSeq: number, message: string) => AuditVerification,
): AuditVerification {
  const missingOneLater = lines.find((l) => l.lineNo > line.lineNo && l.entry?.seq === expectedSeq);
  if (missingOneLater || entry.seq < expectedSeq) {
    const where = missingOneLater
      ? `; entry ${expectedSeq} comes later, at ${unit} ${missingOneLater.lineNo}`
      : '';
    return broken(
      'reordered',
      expectedSeq,
      `Entry ${entry.seq} (${unit} ${line.lineNo}) is out of order: entry ${expectedSeq} was expected here${where}.`,
    );
  }
  const missing =
    entry.seq - 1 === expectedSeq ? `Entry ${expectedSeq} is` : `Entries ${expectedSeq}–${entry.seq - 1} are`;
  return broken(
    'deleted',
    expectedSeq,
    `${missing} missing before ${unit} ${line.lineNo}: deleted from the ${unit === 'line' ? 'file' : 'table'}.`,
  );
}
