import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { auditFilePath, AuditLog } from '../../src/audit/audit-log';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { STATE_JOURNAL_FILE_NAME } from '../../src/store/lowdb-storage';
import { PgAuditTrail } from '../../src/store/postgres/pg-audit-trail';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { testConfig } from '../helpers/test-config';

describe('createApp keeps the audit trail in PostgreSQL when SOCBOT_DATABASE_URL is set', () => {
  let testDb: TestDatabase;
  let dataDirs: string[];
  let apps: SocbotApp[];
  beforeEach(async () => {
    testDb = await createTestDatabase();
    dataDirs = [];
    apps = [];
  });
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    await testDb.drop();
  });

  async function replica(): Promise<SocbotApp> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-audit-pg-app-'));
    dataDirs.push(dataDir);
    const app = createApp({
      config: testConfig({ dataDir, database: testDb.settings }),
      logger: createLogger({ level: 'silent' }),
    });
    apps.push(app);
    return app;
  }

  it('keeps the trail in the database and leaves the data directory alone (no file of the embedded mode is repaired or written)', async () => {
    const app = await replica();
    const dataDir = dataDirs[0] as string;
    // A cut-off state journal of an earlier embedded run: not socbot's state any more on PostgreSQL.
    const journal = path.join(dataDir, STATE_JOURNAL_FILE_NAME);
    await writeFile(journal, '{"conversation":"c1","sta');
    await app.start();
    expect(app.audit).toBeInstanceOf(PgAuditTrail);
    await app.audit.append({ actor: { id: 'system', name: 'test' }, action: 'repair', summary: 'a repair' });
    expect((await app.audit.entries()).map((entry) => [entry.seq, entry.summary])).toEqual([[1, 'a repair']]);
    expect(existsSync(auditFilePath(dataDir))).toBe(false);
    expect(await readFile(journal, 'utf8')).toBe('{"conversation":"c1","sta');
    const db = new Database(testDb.settings);
    try {
      const rows = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM audit_entries');
      expect(rows[0]?.count).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('two replicas (two data directories, one database) append to one chain', async () => {
    const [a, b] = [await replica(), await replica()];
    await Promise.all([a.start(), b.start()]);
    const actor = { id: 'aad-ana', name: 'Ana', role: 'analyst' };
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 === 0 ? a : b).audit.append({ actor, action: 'command', summary: `command ${index}` }),
      ),
    );
    expect((await a.audit.entries()).map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await b.audit.verify()).toMatchObject({ intact: true, entries: 10 });
  });

  it('keeps audit.jsonl without SOCBOT_DATABASE_URL (the embedded default is unchanged)', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-audit-files-app-'));
    dataDirs.push(dataDir);
    const app = createApp({ config: testConfig({ dataDir }), logger: createLogger({ level: 'silent' }) });
    apps.push(app);
    await app.start();
    expect(app.audit).toBeInstanceOf(AuditLog);
    await app.audit.append({ actor: { id: 'system' }, action: 'repair', summary: 'probe' });
    expect(existsSync(auditFilePath(dataDir))).toBe(true);
  });
});
