import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import { ActionIntentLog } from '../../src/store/action-intents';
import { PgActionIntentLog } from '../../src/store/postgres/pg-action-intents';
import { createTestDatabase } from '../helpers/postgres';
import { describeActionIntentStoreContract } from './contracts/action-intent-store-contract';

describeActionIntentStoreContract('ActionIntentLog', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-intents-contract-'));
  let current = new ActionIntentLog(dir);
  return {
    intents: current,
    async reopen() {
      await current.close();
      current = new ActionIntentLog(dir);
      return current;
    },
    async cleanup() {
      await current.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeActionIntentStoreContract('PgActionIntentLog', async () => {
  const testDb = await createTestDatabase();
  const pools = [new Database(testDb.settings)];
  return {
    intents: new PgActionIntentLog(pools[0] as Database),
    async reopen() {
      const db = new Database(testDb.settings);
      pools.push(db);
      return new PgActionIntentLog(db);
    },
    async cleanup() {
      await Promise.all(pools.map((db) => db.close()));
      await testDb.drop();
    },
  };
});
