import { open, readFile, type FileHandle } from 'node:fs/promises';
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

/** Where a read of the audit file ended: the file (its inode) and the byte after its last whole line. */
export interface AuditFilePosition {
  ino: number;
  offset: number;
}

/**
 * The whole entries from byte `from.offset` of the audit file to its last complete line, and where
 * that line ends: for a reader that goes on where it stopped, as the file is only ever appended
 * to. Reads from the start when `from` is missing or names another file (replaced: another inode)
 * or a longer one (cut). A cut-off last line is left for the next read; a line that is no entry is
 * skipped, as `readAuditFile` does. A missing file has no entries.
 *
 * @example
 *   const first = await readAuditEntriesFrom('./data/audit.jsonl');
 *   const more = await readAuditEntriesFrom('./data/audit.jsonl', first.position); // appended since
 */
export async function readAuditEntriesFrom(
  file: string,
  from?: AuditFilePosition,
): Promise<{ entries: AuditEntry[]; position: AuditFilePosition | undefined; fromStart: boolean }> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { entries: [], position: undefined, fromStart: true };
    throw error;
  }
  try {
    const { ino, size } = await handle.stat();
    const goesOn = from !== undefined && from.ino === ino && from.offset <= size;
    const start = goesOn ? from.offset : 0;
    const bytes = Buffer.alloc(size - start);
    let read = 0;
    while (read < bytes.length) {
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, start + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    // Up to the last newline: a line being written (or cut off) is read once it is whole.
    const got = bytes.subarray(0, read);
    const whole = got.subarray(0, got.lastIndexOf(0x0a) + 1);
    const text = whole.toString('utf8');
    const entries = (text === '' ? [] : text.slice(0, -1).split('\n')).flatMap((line) => {
      const entry = parseEntry(line);
      return entry ? [entry] : [];
    });
    return { entries, position: { ino, offset: start + whole.length }, fromStart: !goesOn };
  } finally {
    await handle.close();
  }
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
