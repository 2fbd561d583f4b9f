import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import { LowdbStorage } from '../../src/store/lowdb-storage';
import { PgStateStorage } from '../../src/store/postgres/pg-state-storage';
import { createTestDatabase } from '../helpers/postgres';
import { describeStateStorageContract } from './contracts/state-storage-contract';

describeStateStorageContract('LowdbStorage', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-state-contract-'));
  let current = new LowdbStorage(dir);
  return {
    storage: current,
    async reopen() {
      await current.close();
      current = new LowdbStorage(dir);
      return current;
    },
    async cleanup() {
      await current.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeStateStorageContract('PgStateStorage', async () => {
  const testDb = await createTestDatabase();
  const pools = [new Database(testDb.settings)];
  return {
    storage: new PgStateStorage(pools[0] as Database),
    async reopen() {
      // A restart: a new pool, as a new process would open.
      const db = new Database(testDb.settings);
      pools.push(db);
      return new PgStateStorage(db);
    },
    async cleanup() {
      await Promise.all(pools.map((db) => db.close()));
      await testDb.drop();
    },
  };
});
