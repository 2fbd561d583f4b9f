import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { corrupt, isPlainObject } from './data-file';
import { DurableTextFile } from './durable-text-file';
import { GroupCommit } from './group-commit';
import { ProcessLock } from './process-lock';
import { StateJournal, type StateChange } from './state-journal';
import { stateConflict, type OwnedStateStorage, type StateItems } from './state-storage';

/** socbot's create-only eTag (defined with the StateStorage contract; exported here as before). */
export { CREATE_ONLY_ETAG } from './state-storage';

/** The snapshot of all state items under the data directory (the format earlier versions wrote). */
export const STATE_FILE_NAME = 'state.json';

/** The changes since the snapshot, one JSON line each. */
export const STATE_JOURNAL_FILE_NAME = 'state.journal.jsonl';

/**
 * The state files of `socbot chat` (`console-state.json`, `console-state.journal.jsonl`): a chat
 * in the terminal does not continue or mix with the conversations the server holds.
 */
export const CONSOLE_STATE_NAME = 'console-state';

/** The journal is folded into a new snapshot once it is bigger than this and than the snapshot. */
const MIN_COMPACT_BYTES = 4 * 1024 * 1024;

/** An item in memory: its eTag and its value as JSON text. */
interface StoredItem {
  eTag: string;
  valueJson: string;
}

export interface LowdbStorageOptions {
  /** The files' base name: `<name>.json` and `<name>.journal.jsonl` (default `state`). */
  name?: string;
  /** Journal size that triggers a snapshot (tests make it small). */
  compactAfterBytes?: number;
}

/**
 * A key-value state store (the shape of botbuilder's `Storage`, so the channel edge can hand it
 * to botbuilder as one) in the data directory: a snapshot (`state.json`) plus a journal of
 * the changes since (`state.journal.jsonl`), so conversation and user state survive a restart
 * between any two turns.
 *
 * - A turn's change is one line appended to the journal; changes that arrive together share one
 *   write (group commit). Rewriting a whole state file per turn grew with the number of
 *   conversations; a file per item cost a file creation and a rename per turn, which the turns
 *   benchmark measured at more than half a millisecond of kernel time.
 * - When the journal outgrows the snapshot, the items are written as a new snapshot (atomically and
 *   durably: lowdb's text-file adapter on writeFileDurably) and the journal is emptied, so both stay proportional to the live state.
 * - The items live in memory; a write resolves once its journal line is written.
 * - Optimistic concurrency: every stored item gets a new `eTag` on each write. A write that carries
 *   an `eTag` other than the stored one fails with STORAGE_CONFLICT (someone else wrote in between);
 *   `eTag: '*'` or no `eTag` overwrites; `eTag: CREATE_ONLY_ETAG` writes only if the item does not
 *   exist yet. A batch is checked whole before any item changes. After a successful write the
 *   caller's item carries the new `eTag`.
 * - One process writes these files (`state.lock` holds its pid; a second fails with
 *   DATA_DIR_IN_USE): the journal is folded from memory. `socbot chat` keeps its own files
 *   (CONSOLE_STATE_NAME). The app also holds `socbot.lock` for the whole data directory.
 * - A snapshot or journal that cannot be read fails with STORAGE_CORRUPT naming the file, and is
 *   never overwritten. A cut-off last journal line (a crash mid-append) is dropped.
 *
 * @example
 *   const storage = new LowdbStorage('./data');
 *   const { conv } = await storage.read(['conv']);
 *   await storage.write({ conv: { ...conv, topic: 'alert' } }); // throws STORAGE_CONFLICT if conv changed meanwhile
 */
export class LowdbStorage implements OwnedStateStorage {
  readonly snapshotFile: string;
  /** lowdb's text-file adapter, durable (DurableTextFile); the items are kept here, not in lowdb's `data`. */
  private readonly snapshot: DurableTextFile;
  private readonly journal: StateJournal;
  private readonly lockFile: string;
  private readonly compactAfterBytes: number;
  private lock: ProcessLock | undefined;
  /** Per key: the eTag and the value as JSON text (parsed afresh for each reader: callers get copies). */
  private items: Map<string, StoredItem> | undefined;
  private loading: Promise<Map<string, StoredItem>> | undefined;
  private snapshotBytes = 0;
  /** Journal writes, one batch of callers' changes at a time; the fold takes its turn among them. */
  private readonly commits = new GroupCommit<StateChange[]>((batches) => this.writeBatch(batches.flat()));
  /** Changes whose journal write failed: in memory already, written with the next batch. */
  private unwritten: StateChange[] = [];

  constructor(dataDir: string, options: LowdbStorageOptions = {}) {
    const name = options.name ?? 'state';
    this.snapshotFile = path.join(dataDir, `${name}.json`);
    this.snapshot = new DurableTextFile(this.snapshotFile);
    this.journal = new StateJournal(path.join(dataDir, `${name}.journal.jsonl`));
    this.lockFile = path.join(dataDir, `${name}.lock`);
    this.compactAfterBytes = options.compactAfterBytes ?? MIN_COMPACT_BYTES;
  }

  async read(keys: string[]): Promise<StateItems> {
    const items = await this.loaded();
    const found: StateItems = {};
    for (const key of keys) {
      const item = items.get(key);
      if (item) found[key] = { ...(JSON.parse(item.valueJson) as object), eTag: item.eTag };
    }
    return found;
  }

  /** Every key it holds (for `socbot migrate-data`: importStateFromFiles). */
  async keys(): Promise<string[]> {
    return [...(await this.loaded()).keys()];
  }

  async write(changes: StateItems): Promise<void> {
    const items = await this.loaded();
    // Everything that can fail (a stale eTag, a value JSON cannot hold) is done before any item
    // changes, so a failing batch changes nothing. No await from here to the change.
    const journaled = Object.entries(changes).map(([key, change]) => {
      checkETag(key, change, items.get(key));
      const { eTag: _ignored, ...value } = (change ?? {}) as Record<string, unknown>;
      return { key, eTag: randomUUID(), valueJson: JSON.stringify(value) };
    });
    for (const change of journaled) {
      items.set(change.key, { eTag: change.eTag, valueJson: change.valueJson });
      const caller: unknown = changes[change.key];
      if (isPlainObject(caller)) caller.eTag = change.eTag;
    }
    await this.commits.add(journaled);
  }

  async delete(keys: string[]): Promise<void> {
    const items = await this.loaded();
    const journaled: StateChange[] = [];
    for (const key of keys) {
      if (items.delete(key)) journaled.push({ key, deleted: true });
    }
    if (journaled.length > 0) await this.commits.add(journaled);
  }

  /** Resolves when every change so far is on disk (a change whose write failed is tried again). */
  async flush(): Promise<void> {
    if (this.unwritten.length > 0) await this.commits.add([]);
    await this.commits.idle();
  }

  /**
   * Writes everything to a new snapshot (a quick next start), empties the journal, closes it and
   * gives up the lock. The fold takes its turn among the journal writes: a change that arrives
   * meanwhile waits for it and goes to the journal after it, never into the gap between the two.
   */
  async close(): Promise<void> {
    await this.commits.idle();
    const items = this.items;
    if (items && (this.journal.bytes > 0 || this.unwritten.length > 0)) {
      await this.commits.exclusive(async () => {
        await this.fold(items);
        this.unwritten = []; // in the snapshot now
      });
    }
    await this.flush();
    if (this.unwritten.length === 0) {
      await this.journal.close();
      await this.lock?.release();
      this.lock = undefined;
      this.items = undefined; // a later use loads the files again, under the lock again
      this.loading = undefined;
    }
  }

  private async writeBatch(changes: StateChange[]): Promise<void> {
    // Folded before this batch rather than after the last one, so that batch's callers were not
    // kept waiting for it. A failed fold leaves the journal, which still holds everything.
    if (this.items && this.journal.bytes > Math.max(this.compactAfterBytes, this.snapshotBytes)) {
      await this.fold(this.items).catch(() => undefined);
    }
    const all = [...this.unwritten, ...changes];
    this.unwritten = [];
    try {
      await this.journal.append(all);
    } catch (error) {
      // The items in memory have these changes already (readers see them): the next write, flush
      // or close carries them again. Their callers are told it failed.
      this.unwritten = all;
      throw error;
    }
  }

  /**
   * The items as a new snapshot, then an empty journal. A crash between the two replays changes the
   * snapshot already has: harmless. Changes still waiting for their journal write are in the
   * snapshot already; their write follows and replays the same.
   */
  private async fold(items: Map<string, StoredItem>): Promise<void> {
    const text = `{"items":{${[...items]
      .map(
        ([key, item]) =>
          `${JSON.stringify(key)}:{"eTag":${JSON.stringify(item.eTag)},"value":${item.valueJson}}`,
      )
      .join(',')}}}`;
    // Synced before the journal is emptied: a power loss must not take both.
    await this.snapshot.write(text);
    this.snapshotBytes = Buffer.byteLength(text);
    await this.journal.clear();
  }

  private loaded(): Promise<Map<string, StoredItem>> {
    if (this.items) return Promise.resolve(this.items);
    this.loading ??= this.load().then(
      (items) => (this.items = items),
      (error: unknown) => {
        this.loading = undefined; // tried again on the next call, after the file was fixed
        throw error;
      },
    );
    return this.loading;
  }

  /** Takes the lock, then reads the snapshot and applies every journal line in order. */
  private async load(): Promise<Map<string, StoredItem>> {
    await mkdir(path.dirname(this.snapshotFile), { recursive: true });
    this.lock ??= await ProcessLock.acquire(this.lockFile, `the conversation state in ${this.snapshotFile}`);
    let text: string | null;
    let data: unknown;
    try {
      text = await this.snapshot.read();
      data = text === null ? { items: {} } : JSON.parse(text);
    } catch (error) {
      throw corrupt(this.snapshotFile, error instanceof Error ? error.message : String(error), error);
    }
    if (!isPlainObject(data) || !isPlainObject(data.items)) {
      throw corrupt(this.snapshotFile, 'its content does not have the expected shape');
    }
    const items = new Map<string, StoredItem>();
    for (const [key, item] of Object.entries(data.items)) {
      if (!isPlainObject(item) || typeof item.eTag !== 'string' || !isPlainObject(item.value)) {
        throw corrupt(this.snapshotFile, `the item "${key}" has no eTag and value`);
      }
      items.set(key, { eTag: item.eTag, valueJson: JSON.stringify(item.value) });
    }
    this.snapshotBytes = text === null ? 0 : Buffer.byteLength(text);
    for (const change of await this.journal.replay()) {
      if ('deleted' in change) items.delete(change.key);
      else items.set(change.key, { eTag: change.eTag, valueJson: change.valueJson });
    }
    return items;
  }
}

function checkETag(key: string, change: unknown, stored: { eTag: string } | undefined): void {
  const expected = isPlainObject(change) && typeof change.eTag === 'string' ? change.eTag : undefined;
  if (!stored || expected === undefined || expected === '*' || expected === stored.eTag) return;
  // A stale eTag, or CREATE_ONLY_ETAG for an item someone else created meanwhile.
  throw stateConflict(key, expected, stored.eTag);
}
