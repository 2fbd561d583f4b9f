import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import { Outbox, type OutboxOptions } from '../../src/outbox/outbox';
import { until } from '../helpers/gate';
import { Database } from '../../src/db/database';
import { PgOutboxStore } from '../../src/store/postgres/pg-outbox-store';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

/** A fresh data directory per test; `cleanup()` stops every outbox it made and removes the folder. */
export async function outboxKit(): Promise<{
  dir: string;
  open(options?: Partial<OutboxOptions>): Outbox;
  rawFile(): Promise<{ jobs: OutboxJob[] }>;
  cleanup(): Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-outbox-'));
  const opened: Outbox[] = [];
  return {
    dir,
    open(options = {}) {
      const outbox = new Outbox({
        dataDir: dir,
        pollIntervalMs: 50,
        jobTimeoutMs: 2000,
        retryPolicy: { minDelayMs: 10, maxDelayMs: 200, factor: 2, jitter: false, maxAttempts: 6 },
        ...options,
      });
      opened.push(outbox);
      return outbox;
    },
    async rawFile() {
      return JSON.parse(await readFile(path.join(dir, OUTBOX_FILE_NAME), 'utf8')) as { jobs: OutboxJob[] };
    },
    async cleanup() {
      await Promise.all(opened.map((outbox) => outbox.stop({ graceMs: 0 })));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the next settled job of `outbox`, or rejects after `ms` (a test must not hang). */
export function nextSettled(outbox: Outbox, ms = 5000): Promise<OutboxJob> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no job settled within ${ms} ms`));
    }, ms);
    const off = outbox.onSettled((job) => {
      clearTimeout(timer);
      off();
      resolve(job);
    });
  });
}

/** Polls `condition` every 10 ms for at most `ms`; rejects when it never holds. */
export function eventually(condition: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  return until(condition, 'the condition held', ms);
}

/** An error shaped like the integrations' IntegrationError. */
export function integrationError(
  code: string,
  retryable: boolean,
  retryAfterMs?: number,
): Error & { code: string; retryable: boolean; retryAfterMs?: number } {
  return Object.assign(new Error(`${code} from the stand-in`), {
    code,
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/**
 * Outboxes of replicas on one PostgreSQL database (one per test file; jobs truncated after each
 * test): `replicaStore` a store on a pool of its own with its replica id, as a `socbot serve`
 * process has; `replica` an outbox on it (polling every 30 ms, quick retries), stopped after the test.
 */
export function pgOutboxReplicas(defaults: Partial<OutboxOptions> = {}): {
  replicaStore(replicaId: string, leaseMs?: number): PgOutboxStore;
  replica(store: PgOutboxStore, options?: Partial<OutboxOptions>): Outbox;
  /** A pool of its own on the database (to look from outside), closed after the test. */
  pool(): Database;
  /** An outbox the test built itself, stopped after the test like the others. */
  adopt(outbox: Outbox): Outbox;
  /** The outboxes of this test, in the order they were made. */
  readonly outboxes: readonly Outbox[];
  readonly dataDir: string;
} {
  let testDb: TestDatabase;
  let dataDir: string;
  const pools: Database[] = [];
  const outboxes: Outbox[] = [];
  beforeAll(async () => {
    testDb = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-pg-outbox-'));
  });
  afterEach(async () => {
    await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop({ graceMs: 0 })));
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
    const db = new Database(testDb.settings);
    await db.query('TRUNCATE outbox_jobs');
    await db.close();
  });
  afterAll(async () => {
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const pool = (): Database => {
    const db = new Database(testDb.settings);
    pools.push(db);
    return db;
  };
  return {
    replicaStore: (replicaId, leaseMs) =>
      new PgOutboxStore(pool(), replicaId, leaseMs === undefined ? {} : { leaseMs }),
    pool,
    adopt(outbox) {
      outboxes.push(outbox);
      return outbox;
    },
    outboxes,
    get dataDir() {
      return dataDir;
    },
    replica(store, options = {}) {
      const outbox = new Outbox({
        dataDir,
        store,
        pollIntervalMs: 30,
        jobTimeoutMs: 5000,
        retryPolicy: { minDelayMs: 10, maxDelayMs: 50, factor: 2, jitter: false, maxAttempts: 6 },
        ...defaults,
        ...options,
      });
      outboxes.push(outbox);
      return outbox;
    },
  };
}
