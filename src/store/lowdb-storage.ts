import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { SocbotError } from '../errors';
import { DataFile, isPlainObject } from './data-file';

interface StateFile {
  items: Record<string, { eTag: string; value: Record<string, unknown> }>;
}

function isStateFile(data: unknown): data is StateFile {
  return isPlainObject(data) && isPlainObject(data.items);
}

/**
 * socbot's addition to the botbuilder eTag rules: an item written with this eTag must not exist
 * yet (like HTTP `If-None-Match: *`), so two first turns of a new conversation cannot both win.
 */
export const CREATE_ONLY_ETAG = 'socbot:create-only';

/** The file under the data directory that holds conversation and user state. */
export const STATE_FILE_NAME = 'state.json';

/**
 * A botbuilder `Storage` in one lowdb JSON file (`<dataDir>/state.json`), so conversation and
 * user state survive a restart between any two turns.
 *
 * Optimistic concurrency: every stored item gets a new `eTag` on each write. A write that carries
 * an `eTag` other than the stored one fails with STORAGE_CONFLICT (someone else wrote in between);
 * `eTag: '*'` or no `eTag` overwrites; `eTag: CREATE_ONLY_ETAG` writes only if the item does not
 * exist yet. After a successful write the caller's item carries the new
 * `eTag`, so it can be written again in the same turn.
 *
 * @example
 *   const storage = new LowdbStorage('./data');
 *   const { conv } = await storage.read(['conv']);
 *   await storage.write({ conv: { ...conv, topic: 'alert' } }); // throws STORAGE_CONFLICT if conv changed meanwhile
 */
export class LowdbStorage implements Storage {
  private readonly file: DataFile<StateFile>;

  constructor(dataDir: string) {
    this.file = new DataFile(path.join(dataDir, STATE_FILE_NAME), () => ({ items: {} }), isStateFile);
  }

  async read(keys: string[]): Promise<StoreItems> {
    // Copy only the items asked for: copying the whole file on every turn is what grows with it.
    return this.file.view((data) => {
      const found: StoreItems = {};
      for (const key of keys) {
        const item = data.items[key];
        if (item) found[key] = { ...structuredClone(item.value), eTag: item.eTag };
      }
      return found;
    });
  }

  async write(changes: StoreItems): Promise<void> {
    const newETags = await this.file.update((data) => {
      // Check every key before changing any, so a conflicting batch writes nothing.
      for (const [key, change] of Object.entries(changes)) {
        const expected = eTagOf(change);
        const stored = data.items[key];
        if (stored && expected !== undefined && expected !== '*' && expected !== stored.eTag) {
          // A stale eTag, or CREATE_ONLY_ETAG for an item someone else created meanwhile.
          throw new SocbotError(
            'STORAGE_CONFLICT',
            `The state item "${key}" was changed by someone else since it was read (eTag ${expected}, now ${stored.eTag}). ` +
              'Read it again, apply the change, and write again.',
            { key, expected, actual: stored.eTag },
          );
        }
      }
      const eTags: Record<string, string> = {};
      for (const [key, change] of Object.entries(changes)) {
        const { eTag: _ignored, ...value } = (change ?? {}) as Record<string, unknown>;
        eTags[key] = randomUUID();
        data.items[key] = { eTag: eTags[key], value: structuredClone(value) };
      }
      return eTags;
    });
    for (const [key, eTag] of Object.entries(newETags)) {
      const change: unknown = changes[key];
      if (isPlainObject(change)) change.eTag = eTag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.file.update((data) => {
      for (const key of keys) delete data.items[key];
    });
  }

  /** Resolves when every pending write is on disk. */
  flush(): Promise<void> {
    return this.file.flush();
  }
}

function eTagOf(change: unknown): string | undefined {
  if (!isPlainObject(change)) return undefined;
  return typeof change.eTag === 'string' ? change.eTag : undefined;
}
