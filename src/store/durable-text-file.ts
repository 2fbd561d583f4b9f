import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileDurably } from './durable-write';

/**
 * lowdb's text-file adapter, made durable: lowdb's own (`TextFile`, written by steno) renames a temp
 * file without syncing it, so after a power loss an acknowledged write could be gone or the file
 * empty. This one reads like `TextFile` (null when there is no file yet) and writes through
 * writeFileDurably (temp file, fdatasync, rename, directory fsync).
 *
 * @example
 *   const db = new Low(jsonFile<Outbox>(new DurableTextFile('./data/outbox.json')), { jobs: [] });
 */
export class DurableTextFile implements Adapter<string> {
  constructor(readonly file: string) {}

  async read(): Promise<string | null> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  write(text: string): Promise<void> {
    return writeFileDurably(this.file, text);
  }
}

/**
 * A JSON view of a text adapter, as lowdb's `DataFile` is of its `TextFile`. Compact JSON: the files
 * are for socbot to read back; pretty-printing doubled what every write stringified.
 */
export function jsonFile<T>(text: Adapter<string>): Adapter<T> {
  return {
    async read() {
      const content = await text.read();
      return content === null ? null : (JSON.parse(content) as T);
    },
    write: (data) => text.write(JSON.stringify(data)),
  };
}
