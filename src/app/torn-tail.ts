import { open, writeFile } from 'node:fs/promises';

/** A cut-off last line that start-up moved out of a data file. */
export interface DataRepair {
  /** The file that ended in a cut-off line (audit.jsonl, state.journal.jsonl). */
  file: string;
  /** Where the cut-off bytes are kept, as evidence. */
  movedTo: string;
  bytes: number;
  at: string;
}

/**
 * Moves the cut-off last line of an append-only file (a crash mid-append) into a file of its own
 * next to it (`audit.jsonl.torn-<time>`), then cuts it from the file, so the next append starts
 * on a line of its own and nothing is dropped unseen. Undefined when the file is missing or ends
 * with a whole line.
 *
 * The bytes are on disk aside before the file is cut: a crash in between sets them aside twice,
 * never loses them.
 *
 * @example
 *   const repair = await setAsideTornTail('./data/audit.jsonl', new Date());
 *   // { file: './data/audit.jsonl', movedTo: './data/audit.jsonl.torn-2026-12-06T02-44-54.000Z', bytes: 57, … }
 */
export async function setAsideTornTail(file: string, now: Date): Promise<DataRepair | undefined> {
  let handle;
  try {
    handle = await open(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const content = await handle.readFile();
    const whole = content.lastIndexOf(0x0a) + 1;
    if (whole === content.length) return undefined;
    const at = now.toISOString();
    const movedTo = `${file}.torn-${at.replace(/:/g, '-')}`;
    await writeFile(movedTo, content.subarray(whole), { mode: 0o600, flush: true });
    await handle.truncate(whole);
    await handle.sync();
    return { file, movedTo, bytes: content.length - whole, at };
  } finally {
    await handle.close();
  }
}
