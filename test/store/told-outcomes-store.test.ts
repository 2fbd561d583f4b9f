import { MemoryToldOutcomes } from '../../src/app/told-outcomes';
import { Database } from '../../src/db/database';
import { PgToldOutcomes } from '../../src/store/postgres/pg-told-outcomes';
import { createTestDatabase } from '../helpers/postgres';
import { describeToldOutcomesContract } from './contracts/told-outcomes-contract';

describeToldOutcomesContract('in memory (one process)', async () => {
  const told = new MemoryToldOutcomes();
  return { a: told, b: told, close: async () => undefined };
});

describeToldOutcomesContract('PostgreSQL (two replicas: two pools on one database)', async () => {
  const testDb = await createTestDatabase();
  const poolA = new Database(testDb.settings);
  const poolB = new Database(testDb.settings);
  return {
    a: new PgToldOutcomes(poolA),
    b: new PgToldOutcomes(poolB),
    close: async () => {
      await poolA.close();
      await poolB.close();
      await testDb.drop();
    },
  };
});
