import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import { ActionIntentLog } from '../../src/store/action-intents';
import { DATA_DIR_LOCK_FILE_NAME } from '../../src/store/data-dir-lock';
import { REVIEW_FILE_NAME } from '../../src/store/review-queue';
import { MIGRATED_FROM_META, type DataDirMigration } from '../../src/store/postgres/migrate-data-dir';
import { PgActionIntentLog } from '../../src/store/postgres/pg-action-intents';
import { intentOf } from '../store/contracts/action-intent-store-contract';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { testConfig } from '../helpers/test-config';
import { runCli } from './run-cli';

/** A live process that is not this one: a lock naming it is held (jest's worker's parent). */
const OTHER_SOCBOT_PID = process.ppid;

const STATE_KEY = 'conversations/msteams/c1';

const alert = (alertId: string) => ({
  alertId,
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  createdBy: 'Ana',
  conversationId: 'c1',
  requestId: `form-${alertId}`,
});

interface ListedAlert {
  ref: string;
  status: string;
}

/** `socbot migrate-data --from ./data` on a real PostgreSQL, from a data directory a real app wrote. */
describe('socbot migrate-data', () => {
  let root: string;
  let dataDir: string;
  let otherDir: string;
  let testDb: TestDatabase;
  const apps: SocbotApp[] = [];

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'socbot-migrate-data-'));
    dataDir = path.join(root, 'data');
    otherDir = path.join(root, 'replica');
    // Not migrated: migrate-data brings the schema up to date first.
    testDb = await createTestDatabase({ migrated: false });
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await testDb.drop();
    await rm(root, { recursive: true, force: true });
  });

  const filesEnv = (): NodeJS.ProcessEnv => ({ SOCBOT_DATA_DIR: dataDir });
  const databaseEnv = (): NodeJS.ProcessEnv => ({
    SOCBOT_DATA_DIR: otherDir,
    SOCBOT_DATABASE_URL: testDb.url,
  });
  const migrateData = (...extra: string[]) =>
    runCli(['migrate-data', '--from', dataDir, ...extra], { env: databaseEnv() });

  const app = (database?: TestDatabase): SocbotApp => {
    const made = createApp({
      config: testConfig(database ? { dataDir: otherDir, database: database.settings } : { dataDir }),
      logger: createLogger({ level: 'silent' }),
    });
    apps.push(made);
    return made;
  };

  /** What socbot on files wrote: alerts (one contained), audit entries, an outbox job, a review item, state. */
  async function writeDataDirectory(): Promise<void> {
    const files = app();
    await files.start();
    const first = await files.store.alerts.add(alert('4711'));
    await files.store.alerts.add(alert('4712'));
    await files.store.alerts.change({ ref: first.ref, action: 'contain', by: 'Ana', requestId: 'turn-3' });
    const actor = { id: 'ana', name: 'Ana' };
    await files.audit.append({ actor, action: 'command', summary: 'register alert', alertRef: first.ref });
    await files.audit.append({ actor, action: 'command', summary: 'contain', alertRef: first.ref });
    await files.outbox.enqueue({ type: 'test.migrated', idempotencyKey: 'migrated-1', payload: { n: 1 } });
    await files.store.reviews.add({
      text: 'lock him out',
      intentGuess: 'None',
      score: 0.3,
      alternatives: [],
      conversationId: 'c1',
    });
    await files.store.storage.write({ [STATE_KEY]: { step: 2, facts: { alertId: '4711' } } });
    await files.stop();
    apps.splice(apps.indexOf(files), 1);
    // A confirmed action a crash left unfinished: any replica's sweep replays it after the move.
    const intents = new ActionIntentLog(dataDir);
    await intents.begin(intentOf('confirm-9'));
    await intents.close();
  }

  it('copies alerts, the audit chain, jobs, review items and state; a second run copies nothing and says so', async () => {
    await writeDataDirectory();
    const alertsBefore = JSON.parse(
      (await runCli(['alerts', '--json'], { env: filesEnv() })).stdout,
    ) as ListedAlert[];
    const auditBefore = await runCli(['audit', 'verify'], { env: filesEnv() });
    const jobsBefore = (await runCli(['outbox', 'list', '--all', '--json'], { env: filesEnv() })).stdout;
    expect(alertsBefore.map(({ ref, status }) => ({ ref, status }))).toEqual([
      { ref: expect.stringMatching(/^SOC-\d{4}-0001$/), status: 'contained' },
      { ref: expect.stringMatching(/^SOC-\d{4}-0002$/), status: 'registered' },
    ]);
    expect(auditBefore.stdout).toContain('chain intact (head hash');

    const run = await migrateData();
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('audit.jsonl: 2 entries copied, 0 already there');
    expect(run.stdout).toContain(
      'alerts.jsonl: 2 alerts copied, 0 already there; 1 lifecycle change(s) copied',
    );
    expect(run.stdout).toContain('outbox.json: 1 job copied, 0 already there');
    expect(run.stdout).toContain('state.json: 1 item copied, 0 already there');
    expect(run.stdout).toContain('review-queue.json: 1 document copied, 0 already there');
    expect(run.stdout).toContain('action-intents.jsonl: 1 intent copied, 0 already there');
    expect(run.stdout).toContain('mail.jsonl: none in the data directory');
    expect(run.stdout).toMatch(/Copied \d+ record\(s\)/);

    // The database now shows what the files showed: the same alerts, chain head and jobs.
    const alertsAfter = JSON.parse(
      (await runCli(['alerts', '--json'], { env: databaseEnv() })).stdout,
    ) as ListedAlert[];
    expect(alertsAfter.map(({ ref, status }) => ({ ref, status }))).toEqual(
      alertsBefore.map(({ ref, status }) => ({ ref, status })),
    );
    const auditAfter = await runCli(['audit', 'verify'], { env: databaseEnv() });
    expect(auditAfter).toMatchObject({ code: 0, stdout: auditBefore.stdout });
    expect(
      JSON.parse((await runCli(['outbox', 'list', '--all', '--json'], { env: databaseEnv() })).stdout),
    ).toEqual(JSON.parse(jobsBefore));

    const replica = app(testDb);
    expect((await replica.store.reviews.list()).map((item) => item.text)).toEqual(['lock him out']);
    expect((await replica.store.storage.read([STATE_KEY]))[STATE_KEY]).toMatchObject({
      step: 2,
      facts: { alertId: '4711' },
    });
    const db = new Database(testDb.settings);
    try {
      expect((await new PgActionIntentLog(db).unfinished()).map((intent) => intent.requestId)).toEqual([
        'confirm-9',
      ]);
      const [meta] = await db.query<{ value: { from: string; at: string } }>(
        'SELECT value FROM socbot_meta WHERE key = $1',
        [MIGRATED_FROM_META],
      );
      expect(meta?.value).toEqual({ from: dataDir, at: '2026-01-02T03:04:05.000Z' });
    } finally {
      await db.close();
    }

    const again = await migrateData();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `This database was migrated from ${dataDir} before (2026-01-02T03:04:05.000Z)`,
    );
    expect(again.stdout).toContain(
      'Nothing copied: the database holds everything of this data directory already.',
    );
    expect(again.stdout).toContain('audit.jsonl: 0 entries copied, 2 already there');
    expect(again.stdout).toContain('alerts.jsonl: 0 alerts copied, 2 already there');
    const json = JSON.parse((await migrateData('--json')).stdout) as DataDirMigration & { from: string };
    expect(json).toMatchObject({ from: dataDir, copied: 0, before: { from: dataDir } });
    expect(json.stores.map((store) => store.store).slice(0, 5)).toEqual([
      'audit.jsonl',
      'alerts.jsonl',
      'outbox.json',
      'state.json',
      'action-intents.jsonl',
    ]);
  });

  it('stops at a damaged file with STORAGE_CORRUPT naming it, and completes after the fix', async () => {
    await writeDataDirectory();
    const reviewFile = path.join(dataDir, REVIEW_FILE_NAME);
    const reviews = await readFile(reviewFile, 'utf8');
    await writeFile(reviewFile, '{"items": [');

    const broken = await migrateData();
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('STORAGE_CORRUPT');
    expect(broken.stderr).toContain(reviewFile);
    // The stores before it are copied; the documents and logs are not, not even in part.
    expect(broken.stdout).toContain('outbox.json: 1 job copied');
    expect(broken.stdout).not.toContain('review-queue.json:');
    const db = new Database(testDb.settings);
    try {
      expect(await db.query('SELECT name FROM socbot_documents')).toEqual([]);
    } finally {
      await db.close();
    }

    await writeFile(reviewFile, reviews);
    const fixed = await migrateData();
    expect(fixed).toMatchObject({ code: 0, stderr: '' });
    expect(fixed.stdout).toContain('alerts.jsonl: 0 alerts copied, 2 already there');
    expect(fixed.stdout).toContain('outbox.json: 0 jobs copied, 1 already there');
    expect(fixed.stdout).toContain('review-queue.json: 1 document copied, 0 already there');
  });

  it('does not copy the alerts while a witness they are checked against is damaged', async () => {
    await writeDataDirectory();
    const outboxFile = path.join(dataDir, OUTBOX_FILE_NAME);
    await writeFile(outboxFile, '{"jobs": [');
    const broken = await migrateData();
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('STORAGE_CORRUPT');
    expect(broken.stderr).toContain(outboxFile);
    expect(broken.stdout).toContain('audit.jsonl: 2 entries copied');
    expect(broken.stdout).not.toContain('alerts.jsonl:');
    expect(JSON.parse((await runCli(['alerts', '--json'], { env: databaseEnv() })).stdout)).toEqual([]);
  });

  it('says so when the directory holds no socbot data', async () => {
    await mkdir(dataDir);
    const run = await migrateData();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('audit.jsonl: none in the data directory');
    expect(run.stdout).toContain('the data directory holds no socbot data (is --from the right directory?)');
    // Not recorded as migrated: the right directory's run later is the first.
    expect((await migrateData()).stdout).not.toContain('was migrated from');
  });

  it('refuses with DATA_DIR_IN_USE while a socbot writes the data directory', async () => {
    await writeDataDirectory();
    await writeFile(
      path.join(dataDir, DATA_DIR_LOCK_FILE_NAME),
      `${OTHER_SOCBOT_PID}\n${JSON.stringify({ command: 'serve' })}`,
    );
    const run = await migrateData();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATA_DIR_IN_USE');
    expect(run.stderr).toContain(`pid ${OTHER_SOCBOT_PID}`);
    expect(run.stderr).toContain('stop it before socbot migrate-data');
    expect(JSON.parse((await runCli(['alerts', '--json'], { env: databaseEnv() })).stdout)).toEqual([]);
  });

  it('asks for SOCBOT_DATABASE_URL (USAGE) without one, and names the ephemeral state it leaves in its help', async () => {
    const run = await runCli(['migrate-data', '--from', dataDir], { env: filesEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error [USAGE]');
    expect(run.stderr).toContain('SOCBOT_DATABASE_URL is not set');
    const missing = await migrateData();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${dataDir} is not a directory`);
    const help = await runCli(['migrate-data', '--help'], { env: filesEnv() });
    expect(help.stdout).toContain('Direct Line conversations');
    expect(help.stdout).toContain('replay guard');
  });
});
