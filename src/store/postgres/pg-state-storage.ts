import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../db/database';
import { isPlainObject } from '../data-file';
import { stateConflict, type OwnedStateStorage, type StateItems } from '../state-storage';
import { forgetSnapshotStates, takeSnapshotStates } from './turn-snapshot';

/** A row of `socbot_state` (migrations/0100_conversation_state.sql). */
interface StateRow {
  key: string;
  value: Record<string, unknown>;
  etag: string;
}

/** One item of a write: its key, the eTag it expects (if any), its value as JSON text, its new eTag. */
interface ItemWrite {
  key: string;
  expected: string | undefined;
  valueJson: string;
  eTag: string;
}

/**
 * Conversation and user state in PostgreSQL (`socbot_state`), shared by every replica: the same
 * eTag rules as LowdbStorage, checked by the database instead of in memory. The value is a `json`
 * column, kept as written (jsonb would refuse a NUL or a lone surrogate in an analyst's text).
 *
 * - A write with no `eTag` or `eTag: '*'` overwrites (last writer wins).
 * - A write with a specific eTag is a compare-and-set, `UPDATE … WHERE key = $1 AND etag = $n`:
 *   when another replica wrote the item since it was read, no row matches and the write fails with
 *   STORAGE_CONFLICT. An item that does not exist (deleted meanwhile, or never written) is created,
 *   as LowdbStorage does; `CREATE_ONLY_ETAG` never matches a stored eTag, so it creates or conflicts.
 * - A batch of several items is one transaction: checked whole, nothing changes when one conflicts.
 *   A batch of one is one statement (a turn's usual write: one round trip, no BEGIN/COMMIT).
 * - Under a turn lock, the turn's first read of its conversation's state is the row PgTurnLock read
 *   with the lock (TurnSnapshot): no second round trip. Later reads in the turn ask the database.
 * - Every write is committed when it resolves, so `flush()` has nothing to wait for; `close()`
 *   leaves the pool to its owner (the app's backend).
 *
 * @example
 *   const storage = new PgStateStorage(backend.db);
 *   const { conv } = await storage.read(['conv']);
 *   await storage.write({ conv: { ...conv, topic: 'alert' } }); // STORAGE_CONFLICT if another replica wrote conv meanwhile
 */
export class PgStateStorage implements OwnedStateStorage {
  constructor(private readonly db: Database) {}

  async read(keys: string[]): Promise<StateItems> {
    if (keys.length === 0) return {};
    // Read with the turn lock a moment ago, in the same round trip (nobody else writes under it).
    const atLock = takeSnapshotStates(keys);
    if (atLock !== undefined) return atLock;
    const rows = await this.db.query<StateRow>(
      'SELECT key, value, etag FROM socbot_state WHERE key = ANY($1::text[])',
      [keys],
    );
    const found: StateItems = {};
    for (const row of rows) found[row.key] = { ...row.value, eTag: row.etag };
    return found;
  }

  async write(changes: StateItems): Promise<void> {
    const writes = Object.entries(changes).map(([key, change]): ItemWrite => {
      const { eTag: expected, ...value } = (change ?? {}) as Record<string, unknown>;
      return {
        key,
        expected: typeof expected === 'string' ? expected : undefined,
        valueJson: JSON.stringify(value),
        eTag: randomUUID(),
      };
    });
    if (writes.length === 0) return;
    forgetSnapshotStates(writes.map((item) => item.key));
    const [only] = writes;
    if (writes.length === 1 && only) await writeItem(this.db, only);
    else
      await this.db.transaction(async (tx) => {
        for (const item of writes) await writeItem(tx, item);
      });
    // As LowdbStorage: after a successful write the caller's items carry their new eTags.
    for (const item of writes) {
      const caller: unknown = changes[item.key];
      if (isPlainObject(caller)) caller.eTag = item.eTag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    forgetSnapshotStates(keys);
    await this.db.query('DELETE FROM socbot_state WHERE key = ANY($1::text[])', [keys]);
  }

  /** Every write was committed before it resolved. */
  async flush(): Promise<void> {}

  /** The pool belongs to the app's backend, which closes it. */
  async close(): Promise<void> {}
}

/** Writes one item by the eTag rules; throws STORAGE_CONFLICT (having changed nothing) when it must. */
async function writeItem(db: Queryable, item: ItemWrite): Promise<void> {
  const params = [item.key, item.valueJson, item.eTag];
  if (item.expected === undefined || item.expected === '*') {
    await db.query(
      `INSERT INTO socbot_state (key, value, etag) VALUES ($1, $2::json, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, etag = EXCLUDED.etag, updated_at = now()`,
      params,
    );
    return;
  }
  // The compare-and-set. Under READ COMMITTED a concurrent committed write is seen here: its new
  // eTag no longer matches, so of two replicas that read the same version only one updates.
  const updated = await db.query(
    `UPDATE socbot_state SET value = $2::json, etag = $3, updated_at = now()
     WHERE key = $1 AND etag = $4 RETURNING key`,
    [...params, item.expected],
  );
  if (updated.length > 0) return;
  // No row with that eTag: create the item if there is none (waits for a concurrent insert of it).
  const inserted = await db.query(
    `INSERT INTO socbot_state (key, value, etag) VALUES ($1, $2::json, $3)
     ON CONFLICT (key) DO NOTHING RETURNING key`,
    params,
  );
  if (inserted.length > 0) return;
  const [current] = await db.query<{ etag: string }>('SELECT etag FROM socbot_state WHERE key = $1', [
    item.key,
  ]);
  throw stateConflict(item.key, item.expected, current?.etag ?? '(deleted meanwhile)');
}
