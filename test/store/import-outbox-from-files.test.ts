import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import { isSocbotError } from '../../src/errors';
import { Outbox } from '../../src/outbox/outbox';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import { importOutboxFromFiles } from '../../src/store/postgres/import-outbox-from-files';
import { PgOutboxStore } from '../../src/store/postgres/pg-outbox-store';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { pendingJob } from '../outbox/contracts/outbox-store-contract';
import { eventually } from '../outbox/outbox-test-kit';

describe('importOutboxFromFiles (socbot migrate-data)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let dataDir: string;

  beforeEach(async () => {
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-import-outbox-'));
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const fileJobs: OutboxJob[] = [
    pendingJob('ticket:SOC-1', { status: 'succeeded', attempts: 1, result: { number: 'INC1' } }),
    pendingJob('block:SOC-2', {
      type: 'block.scim',
      status: 'given_up',
      attempts: 6,
      retries: 1,
      lastError: { code: 'TIMEOUT', message: 'slow' },
    }),
    pendingJob('ticket:SOC-3', { progress: { delivered: ['conv-1'] } }),
    pendingJob('ticket:SOC-4', { status: 'running', attempts: 2 }),
  ];

  it('copies every job as it stands, once, however often it runs, and leaves the file as it was', async () => {
    await writeFile(path.join(dataDir, OUTBOX_FILE_NAME), JSON.stringify({ jobs: fileJobs }));
    const before = await readFile(path.join(dataDir, OUTBOX_FILE_NAME), 'utf8');
    const store = new PgOutboxStore(db, 'migrate-data');
    expect(await importOutboxFromFiles(dataDir, store)).toEqual({ found: 4, added: 4 });
    expect(await importOutboxFromFiles(dataDir, store)).toEqual({ found: 4, added: 0 });
    expect(await store.list()).toEqual(fileJobs);
    expect(await readFile(path.join(dataDir, OUTBOX_FILE_NAME), 'utf8')).toBe(before);
  });

  it('has the first worker take over a job the file shows running: attempt counted, run with its key', async () => {
    const now = new Date().toISOString();
    const running = pendingJob('ticket:SOC-5', {
      status: 'running',
      attempts: 1,
      createdAt: now,
      nextAttemptAt: now,
    });
    await writeFile(path.join(dataDir, OUTBOX_FILE_NAME), JSON.stringify({ jobs: [running] }));
    const store = new PgOutboxStore(db, 'replica-a');
    await importOutboxFromFiles(dataDir, store);
    const outbox = new Outbox({ dataDir, store, pollIntervalMs: 30 });
    const calls: Array<[string, number]> = [];
    outbox.register('ticket.create', async (_payload, { idempotencyKey, attempt }) => {
      calls.push([idempotencyKey, attempt]);
      return null;
    });
    await outbox.start();
    try {
      await eventually(async () => (await outbox.get(running.id))?.status === 'succeeded', 5000);
      expect(calls).toEqual([['ticket:SOC-5', 2]]);
    } finally {
      await outbox.stop({ graceMs: 0 });
    }
  });

  it('finds nothing to import without an outbox.json, and refuses an unreadable one', async () => {
    const store = new PgOutboxStore(db, 'migrate-data');
    expect(await importOutboxFromFiles(dataDir, store)).toEqual({ found: 0, added: 0 });
    expect(existsSync(path.join(dataDir, OUTBOX_FILE_NAME))).toBe(false);
    await writeFile(path.join(dataDir, OUTBOX_FILE_NAME), '{"jobs": [');
    const error = await importOutboxFromFiles(dataDir, store).catch((e: unknown) => e);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect(await store.list()).toEqual([]);
  });
});
