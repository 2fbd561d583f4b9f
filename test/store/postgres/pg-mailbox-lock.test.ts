import { Database } from '../../../src/db/database';
import { PgMailboxLock } from '../../../src/store/postgres/pg-mailbox-lock';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';

/** Two replicas = two pools on one database, each with its own lock object. */
describe('PgMailboxLock: one replica reads the shared mailbox at a time', () => {
  let testDb: TestDatabase;
  let replicaA: Database;
  let replicaB: Database;
  beforeEach(async () => {
    testDb = await createTestDatabase();
    replicaA = new Database(testDb.settings, { applicationName: 'socbot replica-a' });
    replicaB = new Database(testDb.settings, { applicationName: 'socbot replica-b' });
  });
  afterEach(async () => {
    await Promise.all([replicaA.close(), replicaB.close()]);
    await testDb.drop();
  });

  const INBOX = 'soc@mail.corp.example/INBOX';
  const lockOf = (db: Database): PgMailboxLock => new PgMailboxLock(db, { heartbeatMs: 50 });

  it('gives the mailbox to one replica; the other gets it once the holder releases it', async () => {
    const a = lockOf(replicaA);
    const b = lockOf(replicaB);
    const leaseA = await a.tryAcquire(INBOX);
    expect(leaseA).toBeDefined();
    expect(await b.tryAcquire(INBOX)).toBeUndefined();
    // A second intake in the same replica does not read it twice either.
    expect(await lockOf(replicaA).tryAcquire(INBOX)).toBeUndefined();
    await leaseA?.release();
    await leaseA?.release();
    const leaseB = await b.tryAcquire(INBOX);
    expect(leaseB).toBeDefined();
    expect(await a.tryAcquire(INBOX)).toBeUndefined();
    await leaseB?.release();
  });

  it('keeps different mailboxes apart', async () => {
    const inbox = await lockOf(replicaA).tryAcquire('soc@mail/INBOX');
    const other = await lockOf(replicaB).tryAcquire('soc@mail/Phishing');
    expect(inbox).toBeDefined();
    expect(other).toBeDefined();
    await Promise.all([inbox?.release(), other?.release()]);
  });

  it('lets another replica take over when the holder dies, and tells the holder it lost the mailbox', async () => {
    const leaseA = await lockOf(replicaA).tryAcquire(INBOX);
    expect(leaseA).toBeDefined();
    const b = lockOf(replicaB);
    expect(await b.tryAcquire(INBOX)).toBeUndefined();
    // The holder's database session dies (a crashed replica, a cut network).
    await replicaB.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'socbot replica-a'",
    );
    const why = await leaseA?.lost;
    expect(why).toBeInstanceOf(Error);
    const leaseB = await b.tryAcquire(INBOX);
    expect(leaseB).toBeDefined();
    await leaseA?.release();
    await leaseB?.release();
  });
});
