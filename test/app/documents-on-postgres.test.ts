import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { REVIEW_FILE_NAME } from '../../src/store/review-queue';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { testConfig } from '../helpers/test-config';

/** createApp with SOCBOT_DATABASE_URL: the document stores and logs live in PostgreSQL, not in files. */
describe('the document stores of an app on PostgreSQL', () => {
  let dataDir: string;
  let testDb: TestDatabase;
  let app: SocbotApp | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-pg-documents-'));
    testDb = await createTestDatabase();
  });
  afterEach(async () => {
    await app?.stop();
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the review queue, the conversations, the approvals and the triage log in PostgreSQL', async () => {
    app = createApp({
      config: testConfig({ dataDir, database: testDb.settings }),
      logger: createLogger({ level: 'silent' }),
    });
    await app.start();
    await app.store.reviews.add({
      text: 'lock him out',
      intentGuess: 'None',
      score: 0.3,
      alternatives: [],
      conversationId: 'c',
    });
    await app.directory.list('soc');
    expect(await app.store.triage.read()).toEqual({ triages: [], skippedLines: 0 });
    await app.store.flush();
    expect(existsSync(path.join(dataDir, REVIEW_FILE_NAME))).toBe(false);

    const db = new Database(testDb.settings);
    try {
      const names = (await db.query<{ name: string }>('SELECT name FROM socbot_documents')).map(
        (row) => row.name,
      );
      expect(names).toContain(REVIEW_FILE_NAME);
      // Another replica's stores see it.
      const [row] = await db.query<{ body: { items: { text: string }[] } }>(
        'SELECT body FROM socbot_documents WHERE name = $1',
        [REVIEW_FILE_NAME],
      );
      expect(row?.body.items.map((item) => item.text)).toEqual(['lock him out']);
    } finally {
      await db.close();
    }
  });
});
