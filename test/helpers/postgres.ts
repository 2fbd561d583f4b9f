import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
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

async function withAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
