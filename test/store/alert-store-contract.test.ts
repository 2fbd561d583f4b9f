import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import { AlertRegister } from '../../src/store/alert-register';
import { PgAlertRegister } from '../../src/store/postgres/pg-alert-register';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { describeAlertStoreContract } from './contracts/alert-store-contract';

describeAlertStoreContract('AlertRegister (alerts.jsonl)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-alert-contract-'));
  const opened: AlertRegister[] = [];
  return {
    open(now) {
      const register = new AlertRegister(dir, now);
      opened.push(register);
      return register;
    },
    async dispose() {
      for (const register of opened) await register.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('on PostgreSQL', () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  describeAlertStoreContract('PgAlertRegister', async () => {
    await db.query('TRUNCATE alert_changes, alerts, alert_ref_counters');
    const opened: PgAlertRegister[] = [];
    return {
      open(now) {
        const register = new PgAlertRegister(db, now);
        opened.push(register);
        return register;
      },
      async dispose() {
        for (const register of opened) await register.close();
      },
    };
  });
});
