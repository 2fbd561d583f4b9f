import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { createLogger } from '../../src/logger';
import { ALERTS_FILE_NAME, AlertRegister } from '../../src/store/alert-register';
import { PgAlertRegister } from '../../src/store/postgres/pg-alert-register';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { testConfig } from '../helpers/test-config';
import { runCli } from '../cli/run-cli';

const facts = {
  alertId: '9001',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  createdBy: 'splunk',
  conversationId: '',
  requestId: 'siem-alert:splunk:9001',
};

describe('the alert register the backend picks', () => {
  let db: TestDatabase;
  const dirs: string[] = [];
  const apps: SocbotApp[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  const replica = async (database?: TestDatabase): Promise<SocbotApp> => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-alert-backend-'));
    dirs.push(dataDir);
    const app = createApp({
      config: testConfig({ dataDir, ...(database ? { database: database.settings } : {}) }),
      logger: createLogger({ level: 'silent' }),
    });
    apps.push(app);
    return app;
  };

  it('is alerts.jsonl without SOCBOT_DATABASE_URL, and `socbot alerts` lists it', async () => {
    const app = await replica();
    expect(app.store.alerts).toBeInstanceOf(AlertRegister);
    const { ref } = await app.store.alerts.add(facts);
    await app.store.alerts.close();
    expect(existsSync(path.join(app.config.dataDir, ALERTS_FILE_NAME))).toBe(true);
    const listed = await runCli(['alerts', '--json'], { env: { SOCBOT_DATA_DIR: app.config.dataDir } });
    expect((JSON.parse(listed.stdout) as Array<{ ref: string }>).map((alert) => alert.ref)).toEqual([ref]);
  });

  it('is PostgreSQL with SOCBOT_DATABASE_URL: a SIEM retry on the other replica registers once, no alerts.jsonl, and `socbot alerts` lists it', async () => {
    const first = await replica(db);
    const second = await replica(db);
    expect(first.store.alerts).toBeInstanceOf(PgAlertRegister);
    await first.start();
    await second.start();
    const delivered = await first.store.alerts.add(facts);
    const retried = await second.store.alerts.add(facts);
    expect(retried.ref).toBe(delivered.ref);
    expect(await second.store.alerts.list()).toHaveLength(1);
    expect(existsSync(path.join(first.config.dataDir, ALERTS_FILE_NAME))).toBe(false);

    const listed = await runCli(['alerts', '--json'], {
      env: { SOCBOT_DATA_DIR: second.config.dataDir, SOCBOT_DATABASE_URL: db.url },
    });
    expect(listed.stderr).toBe('');
    expect((JSON.parse(listed.stdout) as Array<{ ref: string }>).map((alert) => alert.ref)).toEqual([
      delivered.ref,
    ]);
  });
});
