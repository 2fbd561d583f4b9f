import { SocbotError } from '../errors';

/**
 * socbot's addition to the botbuilder eTag rules: an item written with this eTag must not exist
 * yet (like HTTP `If-None-Match: *`), so two first turns of a new conversation cannot both win.
 */
export const CREATE_ONLY_ETAG = 'socbot:create-only';

/**
 * Items read from or written to a {@link StateStorage}, by key. An item may carry `eTag` (see
 * LowdbStorage for the rules). The same shape as botbuilder's `StoreItems`, declared here so the
 * store does not depend on botbuilder.
 */
export type StateItems = Record<string, unknown>;

/**
 * A three-method key-value store with optimistic concurrency by eTag. Structurally the same as
 * botbuilder's `Storage`, so the channel edge may pass an implementation to botbuilder as it is.
 *
 * @example
 *   const items = await storage.read(['conversations/console/c1']);
 *   await storage.write({ 'conversations/console/c1': { facts: {}, eTag: '*' } });
 */
export interface StateStorage {
  read(keys: string[]): Promise<StateItems>;
  write(changes: StateItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/**
 * The state storage the app owns: the server flushes it after the last turn and the app closes it
 * on stop. LowdbStorage (files) and PgStateStorage (PostgreSQL, every replica) are the two.
 *
 * @example
 *   const storage: OwnedStateStorage = backend.kind === 'postgres' ? new PgStateStorage(backend.db) : new LowdbStorage(dataDir);
 *   await storage.flush();
 */
export interface OwnedStateStorage extends StateStorage {
  /** Resolves when every write so far is kept. */
  flush(): Promise<void>;
  /** Flushes and lets go of what it holds (files, locks). */
  close(): Promise<void>;
}

/**
 * STORAGE_CONFLICT: a write carried an eTag other than the stored one (someone else wrote the item
 * since it was read), or CREATE_ONLY_ETAG for an item that exists. Every implementation throws this.
 *
 * @example
 *   throw stateConflict('conversations/console/c1', 'etag-read', 'etag-now');
 */
export function stateConflict(key: string, expected: string, actual: string): SocbotError {
  return new SocbotError(
    'STORAGE_CONFLICT',
    `The state item "${key}" was changed by someone else since it was read (eTag ${expected}, now ${actual}). ` +
      'Read it again, apply the change, and write again.',
    { key, expected, actual },
  );
}
