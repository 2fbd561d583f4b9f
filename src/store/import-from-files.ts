import { isSocbotError } from '../errors';
import type { ActionIntentStore } from './action-intent-store';
import type { LowdbStorage } from './lowdb-storage';
import type { PgActionIntentLog } from './postgres/pg-action-intents';
import { CREATE_ONLY_ETAG, type StateStorage } from './state-storage';

/** What an import did: items copied, and items the database held already (left as they are). */
export interface ImportCount {
  imported: number;
  alreadyThere: number;
}

/**
 * Copies the conversation state of an embedded data directory (`state.json` + journal, read through
 * LowdbStorage) into the shared store, for `socbot migrate-data --from ./data`. Idempotent: each
 * item is written create-only, so one the database holds already (imported before, or changed by a
 * replica since) is left as it is and counted, never overwritten. The database gives new eTags.
 *
 * @example
 *   const count = await importStateFromFiles(new LowdbStorage('./data'), new PgStateStorage(db));
 *   // { imported: 42, alreadyThere: 0 }; run again: { imported: 0, alreadyThere: 42 }
 */
export async function importStateFromFiles(
  fileStore: Pick<LowdbStorage, 'keys' | 'read'>,
  pgStore: StateStorage,
): Promise<ImportCount> {
  const count: ImportCount = { imported: 0, alreadyThere: 0 };
  for (const key of await fileStore.keys()) {
    const item = (await fileStore.read([key]))[key];
    if (item === undefined) continue;
    try {
      await pgStore.write({ [key]: { ...(item as object), eTag: CREATE_ONLY_ETAG } });
      count.imported += 1;
    } catch (error) {
      if (!isSocbotError(error, 'STORAGE_CONFLICT')) throw error;
      count.alreadyThere += 1;
    }
  }
  return count;
}

/**
 * Copies the unfinished confirmed actions of an embedded data directory's intent journal
 * (`action-intents.jsonl`) into the database's journal, where any replica's sweep replays them
 * (finished ones are history and stay behind). Idempotent: a request id the database has seen is
 * neither doubled nor reopened.
 *
 * @example
 *   await importIntentsFromFiles(new ActionIntentLog('./data'), new PgActionIntentLog(db));
 */
export async function importIntentsFromFiles(
  fileLog: Pick<ActionIntentStore, 'unfinished'>,
  pgLog: Pick<PgActionIntentLog, 'beginIfUnknown'>,
): Promise<ImportCount> {
  const count: ImportCount = { imported: 0, alreadyThere: 0 };
  for (const intent of await fileLog.unfinished()) {
    if (await pgLog.beginIfUnknown(intent)) count.imported += 1;
    else count.alreadyThere += 1;
  }
  return count;
}
