import { Database } from '../../src/db/database';
import { isSocbotError } from '../../src/errors';
import { TURN_LOCK_SESSIONS } from '../../src/store/postgres/pg-turn-lock';
import { until } from '../helpers/gate';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

describe('Database on a real PostgreSQL', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase({ migrated: false });
  });
  afterAll(() => testDb.drop());

  it('keeps a connection whose transaction was refused and rolled back (no reconnect per duplicate)', async () => {
    const db = new Database({ url: testDb.url, poolSize: 1 });
    try {
      await db.query('CREATE TABLE IF NOT EXISTS once (id int PRIMARY KEY)');
      const [before] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await db.transaction((tx) => tx.query('INSERT INTO once VALUES (1)'));
      const duplicate = await db
        .transaction((tx) => tx.query('INSERT INTO once VALUES (1)'))
        .catch((e: unknown) => e);
      expect((duplicate as { code?: string }).code).toBe('23505');
      const [after] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(after?.pid).toBe(before?.pid);
    } finally {
      await db.close();
    }
  });

  it('refuses a text value with a NUL character as INPUT_INVALID, saying so, and keeps the connection', async () => {
    const db = new Database({ url: testDb.url, poolSize: 1 });
    try {
      const [before] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      for (const params of [['conv\u0000id'], [['ok', 'conv\u0000id']]]) {
        const refused = await db.query('SELECT $1 AS value', params).catch((e: unknown) => e);
        expect(isSocbotError(refused, 'INPUT_INVALID')).toBe(true);
        expect((refused as Error).message).toMatch(/NUL character \(U\+0000\)/);
      }
      // The same text without it goes through, on the same connection.
      expect(await db.query<{ value: string }>('SELECT $1::text AS value', ['conv id'])).toEqual([
        { value: 'conv id' },
      ]);
      const [after] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(after?.pid).toBe(before?.pid);
    } finally {
      await db.close();
    }
  });

  it('starts the turn-lock sessions READ COMMITTED and with plans made once for any parameters', async () => {
    const name = new URL(testDb.url).pathname.slice(1);
    const plain = new Database({ url: testDb.url, poolSize: 1 });
    const pinned = new Database({ url: testDb.url, poolSize: 1 }, TURN_LOCK_SESSIONS);
    const planOfTwoNames = async (db: Database): Promise<string> => {
      const connection = await db.connect();
      try {
        await connection.query(
          'PREPARE lookup(name[]) AS SELECT relname FROM pg_class WHERE relname = ANY($1)',
        );
        const plan = await connection.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE lookup('{a,b}')`);
        return plan.map((row) => row['QUERY PLAN']).join('\n');
      } finally {
        // The prepared statement must not stay with a pooled session.
        connection.release(true);
      }
    };
    try {
      // Before either pool opens its first session: sessions get the database's default at start.
      const setUp = new Database({ url: testDb.url, poolSize: 1 });
      await setUp
        .query(`ALTER DATABASE ${name} SET default_transaction_isolation = 'repeatable read'`)
        .finally(() => setUp.close());
      expect(await pinned.query('SHOW transaction_isolation')).toEqual([
        { transaction_isolation: 'read committed' },
      ]);
      expect(await plain.query('SHOW transaction_isolation')).toEqual([
        { transaction_isolation: 'repeatable read' },
      ]);
      // A generic plan keeps the parameter; a custom one is made for this call's values.
      expect(await planOfTwoNames(pinned)).toMatch(/ANY \(\$1\)/);
      expect(await planOfTwoNames(plain)).toMatch(/\{a,b\}/);
    } finally {
      await plain.query(`ALTER DATABASE ${name} RESET default_transaction_isolation`);
      await Promise.all([pinned.close(), plain.close()]);
    }
  });

  it('keeps the session settings of an options parameter in the URL, and its own pinned ones after them', async () => {
    const url = new URL(testDb.url);
    url.searchParams.set('options', '-c work_mem=7MB -c default_transaction_isolation=serializable');
    const plain = new Database({ url: url.toString(), poolSize: 1 });
    const pinned = new Database({ url: url.toString(), poolSize: 1 }, TURN_LOCK_SESSIONS);
    try {
      expect(await plain.query('SHOW work_mem')).toEqual([{ work_mem: '7MB' }]);
      expect(await plain.query('SHOW transaction_isolation')).toEqual([
        { transaction_isolation: 'serializable' },
      ]);
      expect(await pinned.query('SHOW work_mem')).toEqual([{ work_mem: '7MB' }]);
      expect(await pinned.query('SHOW transaction_isolation')).toEqual([
        { transaction_isolation: 'read committed' },
      ]);
      expect(await pinned.query('SHOW plan_cache_mode')).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);
    } finally {
      await Promise.all([pinned.close(), plain.close()]);
    }
  });

  it('closes a connection whose session work failed (a lock it may hold must not pass on)', async () => {
    const db = new Database({ url: testDb.url, poolSize: 1 });
    try {
      const [before] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await db
        .withClient(async (client) => {
          await client.query('SELECT pg_advisory_lock(42)');
          throw new Error('the work failed while holding the lock');
        })
        .catch(() => undefined);
      const [after] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(after?.pid).not.toBe(before?.pid);
      // The closed session frees its lock as its backend exits, a moment after the socket closed.
      await until(
        async () =>
          (await db.query<{ got: boolean }>('SELECT pg_try_advisory_lock(42) AS got'))[0]?.got === true,
        'the lock of the closed session is free',
      );
    } finally {
      await db.close();
    }
  });

  it('says DATABASE_BUSY with the setting to raise when every connection of the pool stays in use', async () => {
    const db = new Database({ url: testDb.url, poolSize: 2 });
    let releaseHolders: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (releaseHolders = resolve));
    const holders = [0, 1].map(() =>
      db.withClient(async (client) => {
        await client.query('SELECT 1');
        await held;
      }),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const error = await db.query('SELECT 1').catch((e: unknown) => e);
      expect(isSocbotError(error, 'DATABASE_BUSY')).toBe(true);
      expect((error as Error).message).toMatch(/SOCBOT_DATABASE_POOL/);
    } finally {
      releaseHolders();
      await Promise.all(holders);
      await db.close();
    }
  }, 15_000);
});
