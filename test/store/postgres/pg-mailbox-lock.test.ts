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

  const lockOf = (db: Database, mailbox = 'soc@mail.corp.example/INBOX'): PgMailboxLock =>
    new PgMailboxLock(db, mailbox, { heartbeatMs: 50 });

  it('gives the mailbox to one replica; the other gets it once the holder releases it', async () => {
    const a = lockOf(replicaA);
    const b = lockOf(replicaB);
    const leaseA = await a.tryAcquire();
    expect(leaseA).toBeDefined();
    expect(await b.tryAcquire()).toBeUndefined();
    // A second intake in the same replica does not read it twice either.
    expect(await lockOf(replicaA).tryAcquire()).toBeUndefined();
    await leaseA?.release();
    await leaseA?.release();
    const leaseB = await b.tryAcquire();
    expect(leaseB).toBeDefined();
    expect(await a.tryAcquire()).toBeUndefined();
    await leaseB?.release();
  });

  it('keeps different mailboxes apart', async () => {
    const inbox = await lockOf(replicaA, 'soc@mail/INBOX').tryAcquire();
    const other = await lockOf(replicaB, 'soc@mail/Phishing').tryAcquire();
    expect(inbox).toBeDefined();
    expect(other).toBeDefined();
    await Promise.all([inbox?.release(), other?.release()]);
  });

  it('lets another replica take over when the holder dies, and tells the holder it lost the mailbox', async () => {
    const leaseA = await lockOf(replicaA).tryAcquire();
    expect(leaseA).toBeDefined();
    const b = lockOf(replicaB);
    expect(await b.tryAcquire()).toBeUndefined();
    // The holder's database session dies (a crashed replica, a cut network).
    await replicaB.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'socbot replica-a'",
    );
    const why = await leaseA?.lost;
    expect(why).toBeInstanceOf(Error);
    const leaseB = await b.tryAcquire();
    expect(leaseB).toBeDefined();
    await leaseA?.release();
    await leaseB?.release();
  });
});
