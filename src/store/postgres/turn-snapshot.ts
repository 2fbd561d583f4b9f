import type { StateItems } from '../state-storage';

/**
 * What the turn lock read in the same round trip as it took the conversation's lock
 * (`socbot_turn_begin`, migration 0700): the conversation's state rows and the row versions of the
 * documents every turn reads first, as committed when the lock was granted. The stores use it instead
 * of asking the database again: what the turn itself writes afterwards is read afresh. And what the
 * turn leaves for the lock's release to write: the action intents it finished (`socbot_turn_end`,
 * migration 0720).
 */
export interface TurnSnapshot {
  /** The turn lock's key: the conversation id (an action intent's `conversationId`). */
  readonly lockKey: string;
  /** State items asked for at the lock: key → item with its eTag, or undefined (no row). Taken once. */
  readonly states: Map<string, Record<string, unknown> | undefined>;
  /** The documents whose versions were read with the lock. */
  readonly documentsRead: ReadonlySet<string>;
  /** Document name → row version (`xmin`) at the lock; a name read but not here had no row. */
  readonly documentVersions: ReadonlyMap<string, string>;
  /** Documents this turn read at its start, or that changed on this replica since: read from the database from then on. */
  readonly documentsDone: Set<string>;
  /** Request ids of the action intents this turn began: their finish is this turn's. */
  readonly begunIntents: Set<string>;
  /**
   * Request ids of the action intents the turn finished (once its answer was out): marked finished by
   * the statement that releases the lock, committed before the lock is free (`socbot_turn_end`).
   */
  readonly finishedIntents: string[];
  /** Set when the turn's work settled: what it started and outlives it reads from the database. */
  closed: boolean;
}

/**
 * The snapshots of the turns running under this replica's turn locks, found by what a store asks
 * for (a state key, the conversation of an action intent, a turn-start read's lock key), not by the
 * async context: an AsyncLocalStorage turns on Node's promise hooks for the whole process, and every
 * promise of every turn then paid for them (bench/promise-hooks.ts: up to 9% of a turn's CPU on
 * Node 20). The turn lock serialises the turns of a conversation, so one turn at a time owns a
 * conversation's state keys and lock key.
 */
const openByLockKey = new Map<string, TurnSnapshot>();
const openByStateKey = new Map<string, TurnSnapshot>();

/** Makes `snapshot` the one its conversation's stores find, until {@link closeTurnSnapshot}. */
export function openTurnSnapshot(snapshot: TurnSnapshot): void {
  openByLockKey.set(snapshot.lockKey, snapshot);
  for (const key of snapshot.states.keys()) openByStateKey.set(key, snapshot);
}

/** Ends the snapshot with its turn's work: what the turn started and outlives it reads the database. */
export function closeTurnSnapshot(snapshot: TurnSnapshot): void {
  if (snapshot.closed) return;
  snapshot.closed = true;
  if (openByLockKey.get(snapshot.lockKey) === snapshot) openByLockKey.delete(snapshot.lockKey);
  for (const [key, owner] of openByStateKey) if (owner === snapshot) openByStateKey.delete(key);
  snapshot.states.clear();
}

/**
 * The items of `keys` as read at the lock, when one open turn read every one of them, and forgets
 * them (a second read asks the database). Undefined when no open turn read them ahead. Whoever
 * reads such a key first takes it (a job reading a conversation's state during its turn): the
 * turn's own read then asks the database, for the same committed item.
 */
export function takeSnapshotStates(keys: readonly string[]): StateItems | undefined {
  const [first] = keys;
  const snapshot = first === undefined ? undefined : openByStateKey.get(first);
  if (snapshot === undefined || !keys.every((key) => snapshot.states.has(key))) return undefined;
  const items: StateItems = {};
  for (const key of keys) {
    const item = snapshot.states.get(key);
    snapshot.states.delete(key);
    if (item !== undefined) items[key] = item;
  }
  return items;
}

/** After a write of `keys` their items at the lock are out of date. */
export function forgetSnapshotStates(keys: readonly string[]): void {
  for (const key of keys) openByStateKey.get(key)?.states.delete(key);
}

/**
 * The row version of the document `name` when the lock of the open turn `lockKey` was granted:
 * `{ version }` (undefined version: there was no row), once per document per turn. Undefined when
 * that turn is not open here, did not read it with its lock (the replay sweep), or once it was used
 * or changed on this replica.
 */
export function takeSnapshotDocumentVersion(
  name: string,
  lockKey: string,
): { version: string | undefined } | undefined {
  const snapshot = openByLockKey.get(lockKey);
  if (snapshot === undefined || !snapshot.documentsRead.has(name) || snapshot.documentsDone.has(name))
    return undefined;
  snapshot.documentsDone.add(name);
  return { version: snapshot.documentVersions.get(name) };
}

/** After the document `name` changed on this replica, the versions the open turns read are out of date. */
export function forgetSnapshotDocument(name: string): void {
  for (const snapshot of openByLockKey.values()) snapshot.documentsDone.add(name);
}

/** Notes that the open turn of conversation `lockKey` began the action intent `requestId`. */
export function noteBegunIntent(lockKey: string, requestId: string): void {
  openByLockKey.get(lockKey)?.begunIntents.add(requestId);
}

/**
 * Leaves the marking of `requestIds` as finished to the release of the open turn that began them,
 * which commits it before the lock is free (one round trip for both). True when left; false when no
 * open turn began them all (outside a turn, or once its work settled): then the caller writes it.
 */
export function finishWithTurnEnd(requestIds: readonly string[]): boolean {
  for (const snapshot of openByLockKey.values()) {
    if (requestIds.every((id) => snapshot.begunIntents.has(id))) {
      snapshot.finishedIntents.push(...requestIds);
      return true;
    }
  }
  return false;
}
