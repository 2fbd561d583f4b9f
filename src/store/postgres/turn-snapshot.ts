import { AsyncLocalStorage } from 'node:async_hooks';
import type { StateItems } from '../state-storage';

/**
 * What the turn lock read in the same round trip as it took the conversation's lock
 * (`socbot_turn_begin`, migration 0700): the conversation's state rows and the row versions of the
 * documents every turn reads first, as committed when the lock was granted. The stores of this turn
 * use it instead of asking the database again, each part once: what the turn itself writes
 * afterwards is read afresh. And what the turn leaves for the lock's release to write: the action
 * intents it finished (`socbot_turn_end`, migration 0720).
 */
export interface TurnSnapshot {
  /** State items asked for at the lock: key → item with its eTag, or undefined (no row). Taken once. */
  readonly states: Map<string, Record<string, unknown> | undefined>;
  /** The documents whose versions were read with the lock. */
  readonly documentsRead: ReadonlySet<string>;
  /** Document name → row version (`xmin`) at the lock; a name read but not here had no row. */
  readonly documentVersions: ReadonlyMap<string, string>;
  /** Documents whose version this turn has used or changed: read from the database from then on. */
  readonly documentsDone: Set<string>;
  /**
   * Request ids of the action intents the turn finished (once its answer was out): marked finished by
   * the statement that releases the lock, committed before the lock is free (`socbot_turn_end`).
   */
  readonly finishedIntents: string[];
  /** Set when the turn's work settled: what it started and outlives it reads from the database. */
  closed: boolean;
}

const currentTurn = new AsyncLocalStorage<TurnSnapshot>();

/** Runs `work` (a turn under its lock) with `snapshot` visible to the stores it calls. */
export function runWithTurnSnapshot<T>(snapshot: TurnSnapshot, work: () => Promise<T>): Promise<T> {
  return currentTurn.run(snapshot, work);
}

/** Ends the snapshot with its turn (its async context lives on in timers and jobs the turn started). */
export function closeTurnSnapshot(snapshot: TurnSnapshot): void {
  snapshot.closed = true;
  snapshot.states.clear();
}

/** The current turn's snapshot, unless there is none or its turn is over. */
function openSnapshot(): TurnSnapshot | undefined {
  const snapshot = currentTurn.getStore();
  return snapshot === undefined || snapshot.closed ? undefined : snapshot;
}

/**
 * The items of `keys` as read at the lock, when every one of them was, and forgets them (a second
 * read in the same turn asks the database). Undefined outside a turn or for keys not read ahead.
 */
export function takeSnapshotStates(keys: readonly string[]): StateItems | undefined {
  const snapshot = openSnapshot();
  if (snapshot === undefined || keys.length === 0 || !keys.every((key) => snapshot.states.has(key)))
    return undefined;
  const items: StateItems = {};
  for (const key of keys) {
    const item = snapshot.states.get(key);
    snapshot.states.delete(key);
    if (item !== undefined) items[key] = item;
  }
  return items;
}

/** After a write of `keys` in this turn their items at the lock are out of date. */
export function forgetSnapshotStates(keys: readonly string[]): void {
  const snapshot = openSnapshot();
  if (snapshot !== undefined) for (const key of keys) snapshot.states.delete(key);
}

/**
 * The row version of the document `name` when this turn's lock was granted: `{ version }` (undefined
 * version: there was no row), once per document per turn. Undefined outside a turn, or once the turn
 * has used or changed it.
 */
export function takeSnapshotDocumentVersion(name: string): { version: string | undefined } | undefined {
  const snapshot = openSnapshot();
  if (snapshot === undefined || !snapshot.documentsRead.has(name) || snapshot.documentsDone.has(name))
    return undefined;
  snapshot.documentsDone.add(name);
  return { version: snapshot.documentVersions.get(name) };
}

/** After this turn changed the document `name`, its version at the lock is out of date. */
export function forgetSnapshotDocument(name: string): void {
  currentTurn.getStore()?.documentsDone.add(name);
}

/**
 * Leaves the marking of `requestIds` as finished to the release of this turn's lock, which commits
 * it before the lock is free (one round trip for both). True when left; false outside a turn (or once
 * its work settled): then the caller writes it itself.
 */
export function finishWithTurnEnd(requestIds: readonly string[]): boolean {
  const snapshot = openSnapshot();
  if (snapshot === undefined) return false;
  snapshot.finishedIntents.push(...requestIds);
  return true;
}
