import { createHash, randomUUID } from 'node:crypto';
import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { TextFile } from 'lowdb/node';
import { SocbotError } from '../errors';
import { corrupt, isPlainObject, stampOf } from './data-file';
import { KeyedQueue } from './keyed-queue';
import { importLegacyStateFile } from './legacy-state-file';

/** One state item on disk: the key is kept inside, since the file name is only its hash. */
export interface StoredStateItem {
  key: string;
  eTag: string;
  value: Record<string, unknown>;
}

/**
 * socbot's addition to the botbuilder eTag rules: an item written with this eTag must not exist
 * yet (like HTTP `If-None-Match: *`), so two first turns of a new conversation cannot both win.
 */
export const CREATE_ONLY_ETAG = 'socbot:create-only';

/** Items whose file content is kept in memory; a turn then costs one `stat` to read its state. */
const MAX_CACHED_ITEMS = 10_000;

/** The folder under the data directory that holds conversation and user state, a file per item. */
export const STATE_DIR_NAME = 'state';

/**
 * A botbuilder `Storage` with one small lowdb JSON file per item under `<dataDir>/state/`, so
 * conversation and user state survive a restart between any two turns.
 *
 * - A file per item: a turn writes only its own conversation's few hundred bytes. One file for
 *   all items was rewritten whole on every turn, which made latency and memory grow with the
 *   number of conversations.
 * - Writes are atomic (lowdb writes a temp file and renames it) and resolve once on disk.
 * - Recently used items are kept in memory with the identity of their file (inode, size, mtime);
 *   a read checks that identity with one `stat` and reads the file only when another process
 *   (the CLI next to a running bot) replaced it.
 * - Optimistic concurrency: every stored item gets a new `eTag` on each write. A write that carries
 *   an `eTag` other than the stored one fails with STORAGE_CONFLICT (someone else wrote in between);
 *   `eTag: '*'` or no `eTag` overwrites; `eTag: CREATE_ONLY_ETAG` writes only if the item does not
 *   exist yet. A batch is checked whole before any item is written, so a conflicting batch writes
 *   nothing. After a successful write the caller's item carries the new `eTag`.
 * - A `state.json` of an earlier socbot (all items in one file) is imported on first use.
 *
 * @example
 *   const storage = new LowdbStorage('./data');
 *   const { conv } = await storage.read(['conv']);
 *   await storage.write({ conv: { ...conv, topic: 'alert' } }); // throws STORAGE_CONFLICT if conv changed meanwhile
 */
export class LowdbStorage implements Storage {
  readonly directory: string;
  private readonly queue = new KeyedQueue();
  /** Per key: the file's text as last read or written here, and the file's stamp then. */
  private readonly cache = new LRUCache<string, { stamp: string; text: string }>({ max: MAX_CACHED_ITEMS });
  private ready: Promise<void> | undefined;

  constructor(private readonly dataDir: string) {
    this.directory = path.join(dataDir, STATE_DIR_NAME);
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.prepared();
    const found: StoreItems = {};
    // No queueing: a write replaces a file by renaming, so a read sees the old item or the new one.
    const items = await Promise.all(keys.map((key) => this.load(key)));
    for (const item of items) if (item) found[item.key] = { ...item.value, eTag: item.eTag };
    return found;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.prepared();
    const keys = Object.keys(changes);
    const newETags = await this.queue.run(keys, async () => {
      const stored = await Promise.all(keys.map((key) => this.load(key)));
      keys.forEach((key, index) => checkETag(key, changes[key], stored[index]));
      const eTags: Record<string, string> = {};
      await Promise.all(
        keys.map(async (key) => {
          const { eTag: _ignored, ...value } = (changes[key] ?? {}) as Record<string, unknown>;
          eTags[key] = randomUUID();
          await this.save({ key, eTag: eTags[key], value });
        }),
      );
      return eTags;
    });
    for (const [key, eTag] of Object.entries(newETags)) {
      const change: unknown = changes[key];
      if (isPlainObject(change)) change.eTag = eTag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.prepared();
    await this.queue.run(keys, async () => {
      await Promise.all(
        keys.map(async (key) => {
          this.cache.delete(key);
          await unlink(this.pathOf(key)).catch(ignoreMissing);
        }),
      );
    });
  }

  /** Resolves when every pending write is on disk. */
  flush(): Promise<void> {
    return this.queue.idle();
  }

  /** Creates the folder and imports an old `state.json`, once, before the first read or write. */
  private prepared(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.directory, { recursive: true });
      await importLegacyStateFile(this.dataDir, async (item) => {
        if (!(await this.load(item.key))) await this.save(item);
      });
    })();
    // A failed start (a corrupt old file) is tried again on the next call, after the fix.
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  private async load(key: string): Promise<StoredStateItem | undefined> {
    const file = this.pathOf(key);
    const stamp = stampOf(file);
    if (stamp === undefined) {
      this.cache.delete(key);
      return undefined;
    }
    const cached = this.cache.get(key);
    // Parsed afresh each time: callers change what they read.
    if (cached?.stamp === stamp) return JSON.parse(cached.text) as StoredStateItem;
    let text: string | null;
    let data: unknown;
    try {
      text = await new TextFile(file).read();
      data = text === null ? null : JSON.parse(text);
    } catch (error) {
      throw corrupt(file, error instanceof Error ? error.message : String(error), error);
    }
    if (text === null) return undefined;
    if (!isStoredStateItem(data) || data.key !== key) {
      throw corrupt(file, `it is not a state item of the key "${key}"`);
    }
    this.cache.set(key, { stamp, text });
    return data;
  }

  private async save(item: StoredStateItem): Promise<void> {
    const file = this.pathOf(item.key);
    const text = JSON.stringify(item);
    this.cache.delete(item.key);
    await new TextFile(file).write(text);
    const stamp = stampOf(file);
    if (stamp !== undefined) this.cache.set(item.key, { stamp, text });
  }

  /** A hash names the file: keys hold characters no file name may (`/`, `:`, `|`). */
  pathOf(key: string): string {
    const name = createHash('sha256').update(key).digest('hex').slice(0, 40);
    return path.join(this.directory, `${name}.json`);
  }
}

function checkETag(key: string, change: unknown, stored: StoredStateItem | undefined): void {
  const expected = isPlainObject(change) && typeof change.eTag === 'string' ? change.eTag : undefined;
  if (!stored || expected === undefined || expected === '*' || expected === stored.eTag) return;
  // A stale eTag, or CREATE_ONLY_ETAG for an item someone else created meanwhile.
  throw new SocbotError(
    'STORAGE_CONFLICT',
    `The state item "${key}" was changed by someone else since it was read (eTag ${expected}, now ${stored.eTag}). ` +
      'Read it again, apply the change, and write again.',
    { key, expected, actual: stored.eTag },
  );
}

export function isStoredStateItem(data: unknown): data is StoredStateItem {
  return (
    isPlainObject(data) &&
    typeof data.key === 'string' &&
    typeof data.eTag === 'string' &&
    isPlainObject(data.value)
  );
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
