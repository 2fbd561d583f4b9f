import { Database } from '../../../src/db/database';
import { isSocbotError } from '../../../src/errors';
import { CREATE_ONLY_ETAG } from '../../../src/store/state-storage';
import { PgStateStorage } from '../../../src/store/postgres/pg-state-storage';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';

/** Two replicas: two PgStateStorage instances, each on a pool of its own, on one database. */
describe('PgStateStorage across replicas', () => {
  let testDb: TestDatabase;
  let poolA: Database;
  let poolB: Database;
  let replicaA: PgStateStorage;
  let replicaB: PgStateStorage;
  beforeEach(async () => {
    testDb = await createTestDatabase();
    poolA = new Database(testDb.settings, { applicationName: 'replica A' });
    poolB = new Database(testDb.settings, { applicationName: 'replica B' });
    replicaA = new PgStateStorage(poolA);
    replicaB = new PgStateStorage(poolB);
  });
  afterEach(async () => {
    await Promise.all([poolA.close(), poolB.close()]);
    await testDb.drop();
  });

  it('refuses the second of two replicas that read the same version: STORAGE_CONFLICT, the first one kept', async () => {
    await replicaA.write({ 'conversations/msteams/c1': { step: 1 } });
    const readByA = (await replicaA.read(['conversations/msteams/c1']))['conversations/msteams/c1'] as object;
    const readByB = (await replicaB.read(['conversations/msteams/c1']))['conversations/msteams/c1'] as object;
    await replicaA.write({ 'conversations/msteams/c1': { ...readByA, step: 2 } });
    const error = await replicaB
      .write({ 'conversations/msteams/c1': { ...readByB, step: 3 } })
      .catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CONFLICT')).toBe(true);
    expect((await replicaB.read(['conversations/msteams/c1']))['conversations/msteams/c1']).toMatchObject({
      step: 2,
    });
  });

  it('lets one of two first turns of a new conversation on two replicas create it (CREATE_ONLY_ETAG)', async () => {
    const outcomes = await Promise.allSettled([
      replicaA.write({ conv: { by: 'A', eTag: CREATE_ONLY_ETAG } }),
      replicaB.write({ conv: { by: 'B', eTag: CREATE_ONLY_ETAG } }),
    ]);
    const won = outcomes.map((outcome) => outcome.status);
    expect([...won].sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(isSocbotError((rejected as PromiseRejectedResult).reason, 'STORAGE_CONFLICT')).toBe(true);
    expect((await replicaA.read(['conv'])).conv).toMatchObject({ by: won[0] === 'fulfilled' ? 'A' : 'B' });
  });

  it('loses no increment when two replicas change one item at once, retrying on conflict', async () => {
    await replicaA.write({ counter: { n: 0 } });
    const incrementOn = (storage: PgStateStorage) => async (): Promise<number> => {
      let conflicts = 0;
      for (;;) {
        const read = (await storage.read(['counter'])).counter as { n: number; eTag: string };
        try {
          await storage.write({ counter: { ...read, n: read.n + 1 } });
          return conflicts;
        } catch (error) {
          if (!isSocbotError(error, 'STORAGE_CONFLICT')) throw error;
          conflicts += 1;
        }
      }
    };
    const conflicts = await Promise.all([
      ...Array.from({ length: 15 }, incrementOn(replicaA)),
      ...Array.from({ length: 15 }, incrementOn(replicaB)),
    ]);
    expect((await replicaB.read(['counter'])).counter).toMatchObject({ n: 30 });
    // The compare-and-set was exercised: some writers had to read again.
    expect(conflicts.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
  });
});
