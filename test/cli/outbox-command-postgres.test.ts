import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import { PgAuditTrail } from '../../src/store/postgres/pg-audit-trail';
import { PgOutboxStore } from '../../src/store/postgres/pg-outbox-store';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { pendingJob } from '../outbox/contracts/outbox-store-contract';
import { runCli } from './run-cli';

/** `socbot outbox list|retry|drop` with SOCBOT_DATABASE_URL: the jobs every replica works from. */
describe('socbot outbox on PostgreSQL', () => {
  let testDb: TestDatabase;
  let db: Database;
  let store: PgOutboxStore;
  let dataDir: string;

  beforeEach(async () => {
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
    store = new PgOutboxStore(db, 'seed');
    dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'socbot-outbox-cli-pg-')), 'data');
    await mkdir(dataDir, { recursive: true });
    const failure = {
      lastError: { code: 'UPSTREAM_UNAVAILABLE', message: 'servicenow is temporarily unavailable (503)' },
    };
    await store.addIfKeyAbsent(pendingJob('given-up', { status: 'given_up', attempts: 6, ...failure }));
    await store.addIfKeyAbsent(pendingJob('done', { status: 'succeeded', attempts: 1 }));
    await store.addIfKeyAbsent(pendingJob('failed', { status: 'failed', attempts: 1, ...failure }));
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ SOCBOT_DATA_DIR: dataDir, SOCBOT_DATABASE_URL: testDb.url });

  it('lists the jobs in the database, not outbox.json', async () => {
    const { code, stdout } = await runCli(['outbox', 'list'], { env: env() });
    expect(code).toBe(0);
    expect(stdout).toContain('job-given-up');
    expect(stdout).toContain('job-failed');
    expect(stdout).not.toContain('job-done');
    expect(stdout).toContain('0 queued, 0 running, 0 retrying, 1 given up, 1 failed.');
    const json = await runCli(['outbox', 'list', '--all', '--json'], { env: env() });
    expect((JSON.parse(json.stdout) as OutboxJob[]).map((job) => job.id)).toEqual([
      'job-given-up',
      'job-done',
      'job-failed',
    ]);
    expect(existsSync(path.join(dataDir, OUTBOX_FILE_NAME))).toBe(false);
  });

  it('says how to migrate a database without the outbox table', async () => {
    const bare = await createTestDatabase({ migrated: false });
    try {
      const { code, stderr } = await runCli(['outbox', 'list'], {
        env: { SOCBOT_DATA_DIR: dataDir, SOCBOT_DATABASE_URL: bare.url },
      });
      expect(code).toBe(1);
      expect(stderr).toContain('DATABASE_SCHEMA');
      expect(stderr).toContain('socbot db migrate');
    } finally {
      await bare.drop();
    }
  });

  it('retries and drops in the database, audited with the operator in the shared trail', async () => {
    const retried = await runCli(['outbox', 'retry', 'job-given-up'], { env: env() });
    expect(retried).toMatchObject({ code: 0, stderr: '' });
    expect(retried.stdout).toContain('Queued job-given-up (ticket.create, SOC-2026-0001) again');
    expect(await store.get('job-given-up')).toMatchObject({ status: 'pending', attempts: 0, retries: 1 });
    expect((await runCli(['outbox', 'drop', 'job-failed'], { env: env() })).stdout).toContain(
      'Dropped job-failed',
    );
    expect(await store.get('job-failed')).toBeUndefined();
    // The operator entries join the shared trail every replica appends to, not a local audit.jsonl.
    const entries = await new PgAuditTrail(db).entries();
    expect(existsSync(path.join(dataDir, 'audit.jsonl'))).toBe(false);
    expect(entries.map((entry) => entry.details)).toEqual([
      expect.objectContaining({ jobId: 'job-given-up', operation: 'retry', statusAfter: 'pending' }),
      expect.objectContaining({ jobId: 'job-failed', operation: 'drop', statusAfter: 'dropped' }),
    ]);
    expect(existsSync(path.join(dataDir, OUTBOX_FILE_NAME))).toBe(false);
  });
});
