import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { SocbotError } from '../errors';

/**
 * One JSON file under the data directory, read and written through lowdb.
 *
 * - Writes are atomic: lowdb's writer (steno) writes a temp file and renames it over the old one.
 * - Updates are serialized: `update()` runs one read-modify-write at a time, so two callers in the
 *   same process never interleave.
 * - Every update re-reads the file first, so a second process (the CLI next to a running bot) sees
 *   and keeps what the other wrote.
 * - A file that is not valid JSON, or not of the expected shape, is never overwritten: it fails
 *   with STORAGE_CORRUPT naming the file and how to move it aside.
 *
 * @example
 *   const file = new DataFile(path.join(dir, 'alerts.json'), () => ({ alerts: [] }), isAlertFile);
 *   await file.update((data) => { data.alerts.push(alert); });
 */
export class DataFile<T extends object> {
  readonly file: string;
  private readonly db: Low<T>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    file: string,
    private readonly defaults: () => T,
    private readonly isValid: (data: unknown) => data is T,
  ) {
    this.file = file;
    this.db = new Low<T>(new JSONFile<T>(file), defaults());
  }

  /** A fresh copy of the file's content (the defaults when the file does not exist yet). */
  read(): Promise<T> {
    return this.serialized(async () => structuredClone(await this.load()));
  }

  /** Runs `change` on the current content and writes the result; returns what `change` returns. */
  update<R>(change: (data: T) => R): Promise<R> {
    return this.serialized(async () => {
      const data = await this.load();
      const result = change(data);
      await mkdir(path.dirname(this.file), { recursive: true });
      await this.db.write();
      return result;
    });
  }

  /** Resolves when every queued read and update has finished. */
  async flush(): Promise<void> {
    await this.serialized(async () => undefined);
  }

  private serialized<R>(task: () => Promise<R>): Promise<R> {
    const run = this.queue.then(task, task);
    // The queue must survive a failed task, otherwise one error would block the file for good.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<T> {
    try {
      await this.db.read();
    } catch (error) {
      throw corrupt(this.file, error instanceof Error ? error.message : String(error), error);
    }
    if (!this.isValid(this.db.data)) {
      throw corrupt(this.file, 'its content does not have the expected shape');
    }
    return this.db.data;
  }
}

function corrupt(file: string, problem: string, cause?: unknown): SocbotError {
  return new SocbotError(
    'STORAGE_CORRUPT',
    `The data file ${file} cannot be read: ${problem}. socbot does not discard data it cannot read. ` +
      `Move the file aside (for example \`mv "${file}" "${file}.corrupt"\`), restart socbot to begin with an empty file, ` +
      `and repair or merge the old file by hand if you need its content.`,
    { file },
    cause === undefined ? undefined : { cause },
  );
}

/** True for a plain JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
