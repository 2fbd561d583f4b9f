import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { SocbotError } from '../errors';
import { DurableTextFile, jsonFile } from './durable-text-file';
import { GroupCommit } from './group-commit';
import type { JsonDocument } from './json-document';
import { KeyedQueue } from './keyed-queue';

/**
 * One JSON file under the data directory (the outbox, the review queue, the Basis request log, the
 * conversation directory), read and written through lowdb.
 *
 * - Writes are atomic and durable (lowdb on a DurableTextFile: temp file, fdatasync, rename,
 *   directory fsync): an update that resolved survives a power loss. lowdb's own writer (steno)
 *   renamed without syncing, so an acknowledged outbox job could be gone, or the file empty, after one.
 * - The content lives in memory: updates apply in order to the in-memory data, then wait for a
 *   write that includes them (group commit). Concurrent updates share one write instead of each
 *   re-reading, re-parsing and rewriting the whole file, which is what made a busy bot slow.
 * - An update resolves only when its change is on disk, so "written before attempted" holds.
 * - Another process's write (the CLI next to a running bot) is noticed by a `stat` before each
 *   read or update and the file is reloaded, as long as this process has nothing unwritten; while
 *   it has, its own write wins (the same window the old read-modify-write had).
 * - A file that is not valid JSON, or not of the expected shape, is never overwritten: it fails
 *   with STORAGE_CORRUPT naming the file and how to move it aside.
 *
 * @example
 *   const file = new DataFile(path.join(dir, 'review-queue.json'), () => ({ items: [] }), isReviewFile);
 *   await file.update((data) => { data.items.push(item); });
 */
export class DataFile<T extends object> implements JsonDocument<T> {
  readonly file: string;
  private readonly db: Low<T>;
  /** Reads and updates of this file, one after another. */
  private readonly queue = new KeyedQueue();
  /** The content; undefined until first loaded. */
  private data: T | undefined;
  /** Identity of the file on disk as this process last loaded or wrote it. */
  private diskStamp: string | undefined;
  /** Changes applied in memory that no write has started on yet. */
  private dirty = false;
  /** Writes of the whole content, one at a time; every update waiting meanwhile shares the next. */
  private readonly commits = new GroupCommit<void>(() => this.writeIfDirty());
  private directoryReady = false;

  constructor(
    file: string,
    private readonly defaults: () => T,
    private readonly isValid: (data: unknown) => data is T,
    /** Said after the remedy when the file cannot be read: what moving it aside keeps or loses. */
    private readonly afterMovingAside?: string,
  ) {
    this.file = file;
    this.db = new Low<T>(jsonFile<T>(new DurableTextFile(file)), defaults());
  }

  /** A fresh copy of the file's content (the defaults when the file does not exist yet). */
  read(): Promise<T> {
    return this.view((data) => structuredClone(data));
  }

  /**
   * Runs `look` on the current content without copying it: `look` must not change it and must
   * copy whatever it returns that the caller may change.
   */
  async view<R>(look: (data: Readonly<T>) => R): Promise<R> {
    // Readers see what is on disk, as before: changes still being written are waited for.
    if (this.dirty || this.commits.busy) await this.committed();
    return this.serialized(async () => look(await this.current()));
  }

  /** Runs `change` on the current content and writes the result; returns what `change` returns. */
  async update<R>(change: (data: T) => R): Promise<R> {
    const result = await this.serialized(async () => {
      const data = await this.current();
      const value = change(data);
      this.dirty = true;
      return value;
    });
    await this.committed();
    return result;
  }

  /** Resolves when every queued read and update has finished and is on disk. */
  async flush(): Promise<void> {
    await this.serialized(async () => undefined);
    // Waiting with committed() while a write runs would start another (empty) write, which is
    // still running when the wait ends: a flush during a write never returned. Only unwritten
    // changes need a write of their own; otherwise the write under way includes everything.
    while (this.commits.busy || this.dirty) {
      if (this.dirty) await this.committed();
      else await this.commits.idle();
    }
  }

  private serialized<R>(task: () => Promise<R>): Promise<R> {
    // A failed task does not block the file: the next one runs regardless.
    return this.queue.run([this.file], task);
  }

  /** Resolves when a write that started after this call (so includes every change so far) is done. */
  private committed(): Promise<void> {
    return this.commits.add(undefined);
  }

  private async writeIfDirty(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    try {
      await this.writeToDisk();
    } catch (error) {
      this.dirty = true; // still not on disk: the next write tries again
      throw error;
    }
  }

  private async writeToDisk(): Promise<void> {
    if (!this.directoryReady) {
      await mkdir(path.dirname(this.file), { recursive: true });
      this.directoryReady = true;
    }
    // Stringified before the first await (lowdb's adapter does it synchronously): later changes
    // wait for the next write.
    this.db.data = this.data ?? this.defaults();
    await this.db.write();
    this.diskStamp = stampOf(this.file);
  }

  private async current(): Promise<T> {
    if (this.data !== undefined && (this.dirty || this.commits.busy)) return this.data;
    const stamp = stampOf(this.file);
    if (this.data !== undefined && stamp === this.diskStamp) return this.data;
    return this.load(stamp);
  }

  private async load(stamp: string | undefined): Promise<T> {
    // No file yet: lowdb keeps the defaults.
    this.db.data = this.defaults();
    try {
      await this.db.read();
    } catch (error) {
      throw corrupt(
        this.file,
        error instanceof Error ? error.message : String(error),
        error,
        this.afterMovingAside,
      );
    }
    const data: unknown = this.db.data;
    if (!this.isValid(data)) {
      throw corrupt(
        this.file,
        'its content does not have the expected shape',
        undefined,
        this.afterMovingAside,
      );
    }
    this.data = data;
    this.diskStamp = stamp;
    return this.data;
  }
}

/**
 * Inode, size and modification time: a rename-replaced or rewritten file gets a new stamp.
 * Synchronous on purpose: one metadata lookup takes microseconds, while the promise version's
 * thread-pool round trip was among the top costs of a turn in the CPU profile.
 */
export function stampOf(file: string): string | undefined {
  const info = statSync(file, { throwIfNoEntry: false });
  return info && `${info.ino}:${info.size}:${info.mtimeMs}`;
}

/**
 * STORAGE_CORRUPT for a data file socbot cannot read, with how to move it aside, and
 * `afterMovingAside` (what the next start does without the file) when the file's owner knows more.
 */
export function corrupt(
  file: string,
  problem: string,
  cause?: unknown,
  afterMovingAside?: string,
): SocbotError {
  return new SocbotError(
    'STORAGE_CORRUPT',
    `The data file ${file} cannot be read: ${problem}. socbot does not discard data it cannot read. ` +
      `Move the file aside (for example \`mv "${file}" "${file}.corrupt"\`), restart socbot to begin with an empty file, ` +
      `and repair or merge the old file by hand if you need its content.` +
      (afterMovingAside === undefined ? '' : ` ${afterMovingAside}`),
    { file },
    cause === undefined ? undefined : { cause },
  );
}

/** True for a plain JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
