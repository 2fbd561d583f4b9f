import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from '../store/durable-write';

import type { DataRepair } from './data-repair';

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
 *   // { file: './data/audit.jsonl', what: 'set aside …', movedTo: './data/audit.jsonl.torn-2026-12-06T02-44-54.000Z', bytes: 57, … }
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
    // The new file's name on disk too, before the bytes leave the original.
    await syncDirectory(path.dirname(file));
    await handle.truncate(whole);
    await handle.sync();
    const bytes = content.length - whole;
    return {
      file,
      what: `set aside the cut-off last line of ${file} (${bytes} bytes, kept in ${movedTo})`,
      at,
      movedTo,
      bytes,
    };
  } finally {
    await handle.close();
  }
}
