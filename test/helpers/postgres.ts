import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Database } from '../../src/db/database';
import type { DatabaseSettings } from '../../src/db/database-settings';
import { migrate } from '../../src/db/migrations';

/** Set by test/global-setup.ts: the shared throwaway cluster's superuser URL, or why there is none. */
const ADMIN_URL_VARIABLE = 'SOCBOT_TEST_PG_URL';
const ERROR_VARIABLE = 'SOCBOT_TEST_PG_ERROR';

/** A database of its own for one test file (or one test) on the run's throwaway PostgreSQL. */
export interface TestDatabase {
  /** `postgres://postgres@127.0.0.1:PORT/socbot_test_…` */
  readonly url: string;
  /** The `database` configuration section for this database. */
  readonly settings: DatabaseSettings;
  /** Drops the database (its connections are cut). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the cluster jest's global set-up started; `{ migrated: true }`
 * (the default) applies socbot's migrations to it.
 *
 * @example
 *   let db: TestDatabase;
 *   beforeAll(async () => { db = await createTestDatabase(); });
 *   afterAll(() => db.drop());
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env[ADMIN_URL_VARIABLE];
  if (!adminUrl)
    throw new Error(
      process.env[ERROR_VARIABLE] ??
        'No test PostgreSQL: run the tests through jest (test/global-setup.ts starts one).',
    );
  const name = `socbot_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const settings: DatabaseSettings = { url, poolSize: 10 };
  if (options.migrated !== false) await migrate(settings);
  return {
    url,
    settings,
    drop: () =>
      withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/**
 * A migrated database of its own with one pool on it, for one contract suite's PostgreSQL case;
 * `close` closes the pool and drops the database.
 *
 * @example
 *   describeReplayGuardContract('PostgreSQL', async (rememberMs) => {
 *     const { db, close } = await openTestPool();
 *     return { guard: new PgReplayGuard(db, rememberMs), close };
 *   });
 */
export async function openTestPool(): Promise<{ db: Database; close: () => Promise<void> }> {
  const testDb = await createTestDatabase();
  const db = new Database(testDb.settings);
  return {
    db,
    close: async () => {
      await db.close();
      await testDb.drop();
    },
  };
}

/**
 * Two replicas as the stores see them: two pools on one database, a fresh one for every test of
 * the `describe` this is called in (it registers the beforeEach and afterEach hooks).
 *
 * @example
 *   const replicas = twoReplicaPools();
 *   it('…', async () => { const a = new PgReplayGuard(replicas.a, 600_000); … });
 */
export function twoReplicaPools(): {
  readonly testDb: TestDatabase;
  readonly a: Database;
  readonly b: Database;
} {
  const replicas = {} as { testDb: TestDatabase; a: Database; b: Database };
  beforeEach(async () => {
    replicas.testDb = await createTestDatabase();
    replicas.a = new Database(replicas.testDb.settings);
    replicas.b = new Database(replicas.testDb.settings);
  });
  afterEach(async () => {
    await replicas.a.close();
    await replicas.b.close();
    await replicas.testDb.drop();
  });
  return replicas;
}

async function withAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
