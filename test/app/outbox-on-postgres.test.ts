import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { testConfig } from '../helpers/test-config';

/** With SOCBOT_DATABASE_URL the composition root gives the outbox the shared table, not outbox.json. */
describe('the outbox of a socbot on PostgreSQL', () => {
  let testDb: TestDatabase;
  let dataDir: string;
  let app: SocbotApp | undefined;

  beforeEach(async () => {
    testDb = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-app-pg-outbox-'));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('queues side effects in the outbox_jobs table, where every replica sees them', async () => {
    app = createApp({
      config: testConfig({ dataDir, database: testDb.settings }),
      logger: createLogger({ level: 'silent' }),
    });
    await app.start();
    const job = await app.outbox.enqueue({
      type: 'no.such.kind',
      idempotencyKey: 'test:pg-wiring',
      payload: { ref: 'SOC-2026-0001' },
    });
    const db = new Database(testDb.settings);
    try {
      const rows = await db.query<{ id: string; status: string }>(
        'SELECT id, status FROM outbox_jobs WHERE idempotency_key = $1',
        ['test:pg-wiring'],
      );
      expect(rows).toEqual([{ id: job.id, status: 'pending' }]);
    } finally {
      await db.close();
    }
    expect(app.outbox.path).toMatch(/outbox_jobs/);
    expect(await app.outbox.stats()).toEqual([
      expect.objectContaining({ type: 'no.such.kind', pending: 1, running: 0 }),
    ]);
    await app.stop();
    expect(existsSync(path.join(dataDir, OUTBOX_FILE_NAME))).toBe(false);
  });
});
