import { readFile } from 'node:fs/promises';
import { isPlainObject } from '../store/data-file';
import type { AuditEntry } from './audit-entry';

/** One line of the audit file, parsed if it is an entry. */
export interface AuditLine {
  /** 1-based line number in the file. */
  lineNo: number;
  text: string;
  entry?: AuditEntry;
}

/**
 * The lines of an audit file, each parsed where it holds an entry; `complete` is false when the
 * last line has no newline (cut off). A missing file reads as no lines.
 *
 * @example
 *   const { lines } = await readAuditFile('./data/audit.jsonl');
 */
export async function readAuditFile(
  file: string,
): Promise<{ lines: AuditLine[]; complete: boolean; exists: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { lines: [], complete: true, exists: false };
    throw error;
  }
  const complete = text === '' || text.endsWith('\n');
  const rawLines = text === '' ? [] : (complete ? text.slice(0, -1) : text).split('\n');
  const lines = rawLines.map((lineText, index) => {
    const entry = parseEntry(lineText);
    return { lineNo: index + 1, text: lineText, ...(entry ? { entry } : {}) };
  });
  return { lines, complete, exists: true };
}

function parseEntry(text: string): AuditEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return asAuditEntry(value);
}

/**
 * `value` as an audit entry when it has an entry's fields (a file's parsed line, a table's jsonb),
 * else undefined.
 *
 * @example
 *   const entry = asAuditEntry(row.entry); // undefined for `{ "note": "not an entry" }`
 */
export function asAuditEntry(value: unknown): AuditEntry | undefined {
  const ok =
    isPlainObject(value) &&
    Number.isInteger(value.seq) &&
    typeof value.at === 'string' &&
    isPlainObject(value.actor) &&
    typeof value.actor.id === 'string' &&
    typeof value.action === 'string' &&
    typeof value.summary === 'string' &&
    isPlainObject(value.details) &&
    typeof value.prevHash === 'string' &&
    typeof value.hash === 'string';
  return ok ? (value as unknown as AuditEntry) : undefined;
}
