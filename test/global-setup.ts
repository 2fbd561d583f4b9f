import { startPostgresCluster, type PostgresCluster } from './helpers/postgres-cluster';

declare global {
  var socbotTestPostgres: PostgresCluster | undefined;
}

/**
 * Starts one throwaway PostgreSQL for the whole run (test/helpers/postgres.ts gives each test file
 * a database of its own on it). Where PostgreSQL is not installed, only the tests that need it fail,
 * with the reason; the others run.
 */
export default async function globalSetup(): Promise<void> {
  try {
    const cluster = await startPostgresCluster();
    globalThis.socbotTestPostgres = cluster;
    process.env.SOCBOT_TEST_PG_URL = cluster.adminUrl;
  } catch (error) {
    process.env.SOCBOT_TEST_PG_ERROR = error instanceof Error ? error.message : String(error);
  }
}
