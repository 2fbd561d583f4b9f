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
