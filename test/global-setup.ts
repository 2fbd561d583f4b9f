import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_MODEL_ENV, saveProjectModel } from './e2e/helpers/trained-model';
import { startPostgresCluster, type PostgresCluster } from './helpers/postgres-cluster';

declare global {
  var socbotTestPostgres: PostgresCluster | undefined;
  var socbotTestModelDir: string | undefined;
}

/**
 * Starts one throwaway PostgreSQL for the whole run (test/helpers/postgres.ts gives each test file
 * a database of its own on it). Where PostgreSQL is not installed, only the tests that need it fail,
 * with the reason; the others run.
 *
 * Trains the project corpus's model once for the run (`trainProjectModel` hands each test file a
 * copy). Where that fails, each test file trains it itself and fails with the reason.
 */
export default async function globalSetup(): Promise<void> {
  try {
    const cluster = await startPostgresCluster();
    globalThis.socbotTestPostgres = cluster;
    process.env.SOCBOT_TEST_PG_URL = cluster.adminUrl;
  } catch (error) {
    process.env.SOCBOT_TEST_PG_ERROR = error instanceof Error ? error.message : String(error);
  }
  try {
    const dir = await mkdtemp(path.join(tmpdir(), 'socbot-test-model-'));
    globalThis.socbotTestModelDir = dir;
    const modelPath = path.join(dir, 'socbot.model.json');
    await saveProjectModel(modelPath);
    process.env[PROJECT_MODEL_ENV] = modelPath;
  } catch {
    // trainProjectModel trains in each test file instead, where the error is reported.
  }
}
