import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import { loadCorpus } from '../../src/nlu/corpus/load-corpus';
import { MAIL_LOG_FILE_NAME } from '../../src/store/mail-log';
import { MAIL_REVIEW_FILE_NAME } from '../../src/store/mail-review-state';
import { NextStepLog } from '../../src/store/next-step-log';
import { PgAlertRegister } from '../../src/store/postgres/pg-alert-register';
import { PgAuditTrail } from '../../src/store/postgres/pg-audit-trail';
import { pgDocuments } from '../../src/store/postgres/pg-document';
import { pgJsonLinesLogs } from '../../src/store/postgres/pg-json-lines-log';
import { REVIEW_FILE_NAME, ReviewQueue } from '../../src/store/review-queue';
import { TRIAGE_FILE_NAME, TriageLog } from '../../src/store/triage-log';
import { buildFixtureHistory } from '../fixtures/next-steps/build-history';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { runCli } from './run-cli';

const FIXTURES = path.join(__dirname, '../fixtures');
const PROJECT_CORPUS = path.resolve(__dirname, '../../corpus');

/**
 * The commands that read (and for `review`, update) what the bot stores, with SOCBOT_DATABASE_URL:
 * they see what was written to the database (as every replica writes it), and leave the data
 * directory's files alone. Each is checked against the same data kept in files, and against a
 * figure of the fixture, so two empty answers cannot agree.
 */
describe('the CLI on PostgreSQL', () => {
  let testDb: TestDatabase;
  let db: Database;
  let dir: string;
  let dataDir: string;
  let filesDir: string;

  beforeEach(async () => {
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-cli-pg-'));
    dataDir = path.join(dir, 'data');
    filesDir = path.join(dir, 'files');
    await mkdir(dataDir, { recursive: true });
    await mkdir(filesDir, { recursive: true });
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const pgEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    SOCBOT_DATA_DIR: dataDir,
    SOCBOT_DATABASE_URL: testDb.url,
    ...extra,
  });
  const filesEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    SOCBOT_DATA_DIR: filesDir,
    ...extra,
  });

  /**
   * The fixture log's lines that are JSON, appended to the database's log `name` and written to
   * the files directory's: a cut-off line has no row to become in a database.
   */
  async function seedLog(fixture: string, name: string): Promise<void> {
    const lines = (await readFile(fixture, 'utf8')).split('\n').filter(isJson);
    await pgJsonLinesLogs(db)
      .open(name)
      .append(...lines.map((line) => JSON.parse(line) as unknown));
    await writeFile(path.join(filesDir, name), lines.map((line) => `${line}\n`).join(''));
  }

  it('triage evaluate reads the triage log in the database', async () => {
    await seedLog(path.join(FIXTURES, 'triage/triage.jsonl'), TRIAGE_FILE_NAME);
    const args = ['triage', 'evaluate', '--since', '2026-12-01', '--json'];
    const onPg = await runCli(args, { env: pgEnv() });
    expect(onPg).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(onPg.stdout) as { triaged: number; closed: number; agreed: number };
    expect(report).toMatchObject({ triaged: 5, closed: 4, agreed: 3 });
    expect(report).toEqual(JSON.parse((await runCli(args, { env: filesEnv() })).stdout));
    expect(existsSync(path.join(dataDir, TRIAGE_FILE_NAME))).toBe(false);
  });

  it("alerts lists the database's alerts with their triage from the database", async () => {
    const { ref } = await new PgAlertRegister(db).add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'siem',
      conversationId: 'soc',
    });
    await new TriageLog(pgJsonLinesLogs(db)).record({
      ref,
      summary: 'debugging by a technical user',
      recommendation: 'investigate',
      reason: 'production system',
      classification: 'true_positive',
      severity: 7,
      confidence: 8,
      artifacts: [],
      model: 'gpt-4.1-mini',
      at: '2026-12-01T10:00:00.000Z',
      instructionFile: 'triage.md',
    });
    const { code, stdout } = await runCli(['alerts', '--json'], { env: pgEnv() });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({
        ref,
        triage: expect.objectContaining({
          summary: 'debugging by a technical user',
          confidence: 8,
        }) as unknown,
      }),
    ]);
  });

  it('mail report reads the mail log in the database', async () => {
    await seedLog(path.join(FIXTURES, 'mail-log/mail.jsonl'), MAIL_LOG_FILE_NAME);
    const args = ['mail', 'report', '--month', '2026-11', '--json'];
    const onPg = await runCli(args, { env: pgEnv() });
    expect(onPg).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(onPg.stdout) as { mails: number };
    expect(report.mails).toBe(8);
    expect(report).toEqual(JSON.parse((await runCli(args, { env: filesEnv() })).stdout));
  });

  it("mail review offers the database's corrections and keeps its own state in the data directory", async () => {
    await seedLog(path.join(FIXTURES, 'mail-log/mail.jsonl'), MAIL_LOG_FILE_NAME);
    const corpusDir = path.join(dir, 'corpus-mail');
    await cp(path.join(FIXTURES, 'mail-log/corpus'), corpusDir, { recursive: true });
    const env = pgEnv({ MAIL_CORPUS: corpusDir });
    const listed = await runCli(['mail', 'review', '--list', '--json'], { env });
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const pending = JSON.parse(listed.stdout) as Array<{ category: string; mails: number }>;
    expect(pending.map((item) => [item.category, item.mails])).toEqual([
      ['other', 1],
      ['lost-device', 1],
      ['phishing', 2],
    ]);
    expect((await runCli(['mail', 'review', '--accept-all'], { env })).stdout).toContain('Labelled 3.');
    expect(existsSync(path.join(dataDir, MAIL_REVIEW_FILE_NAME))).toBe(true);
    expect((await runCli(['mail', 'review', '--list'], { env })).stdout).toContain(
      'No corrected mails to label.',
    );
    expect(existsSync(path.join(dataDir, MAIL_LOG_FILE_NAME))).toBe(false);
  });

  describe('review', () => {
    let corpusDir: string;
    let queue: ReviewQueue;
    beforeEach(async () => {
      corpusDir = path.join(dir, 'corpus');
      await cp(PROJECT_CORPUS, corpusDir, { recursive: true });
      queue = new ReviewQueue(pgDocuments(db));
    });
    const env = (): NodeJS.ProcessEnv => pgEnv({ SOCBOT_CORPUS: corpusDir });
    const utterancesOf = (intent: string): string[] =>
      loadCorpus(corpusDir).intents.find((candidate) => candidate.intent === intent)?.utterances ?? [];
    const queueCorrection = (text: string, correctIntent: string) =>
      queue.add({
        text,
        intentGuess: 'alert_close',
        score: 0.98,
        alternatives: [],
        conversationId: 'c1',
        source: 'correction',
        correctIntent,
      });

    it('lists the queue in the database, labels into the corpus and writes the decision back', async () => {
      const reopen = await queueCorrection('put SOC-2026-0001 back on the table', 'alert_reopen');
      const noise = await queueCorrection('mark the one from yesterday as done', 'alert_reopen');
      const listed = await runCli(['review', '--list', '--json'], { env: env() });
      expect(listed).toMatchObject({ code: 0, stderr: '' });
      expect((JSON.parse(listed.stdout) as Array<{ id: string }>).map((item) => item.id)).toEqual([
        reopen.id,
        noise.id,
      ]);

      expect((await runCli(['review', '--label', reopen.id], { env: env() })).code).toBe(0);
      expect((await runCli(['review', '--dismiss', noise.id], { env: env() })).stdout).toContain(
        `Dismissed ${noise.id}.`,
      );
      expect(utterancesOf('alert_reopen')).toContain('put SOC-2026-0001 back on the table');
      expect((await queue.list()).map((item) => [item.id, item.status, item.label])).toEqual([
        [reopen.id, 'labelled', 'alert_reopen'],
        [noise.id, 'dismissed', undefined],
      ]);
      expect((await runCli(['review', '--list'], { env: env() })).stdout).toContain('Nothing to review.');
      expect(existsSync(path.join(dataDir, REVIEW_FILE_NAME))).toBe(false);
    });

    it('asks for each pending utterance and stores the answers in the database', async () => {
      const item = await queueCorrection('what is still open on PRD right now', 'alert_list');
      const { code, stdout } = await runCli(['review'], { env: env(), stdin: 'a\n' });
      expect(code).toBe(0);
      expect(stdout).toContain('Done. Labelled 1.');
      expect(await queue.list()).toEqual([expect.objectContaining({ id: item.id, label: 'alert_list' })]);
    });

    it('says how to migrate a database socbot never migrated', async () => {
      const bare = await createTestDatabase({ migrated: false });
      try {
        const { code, stderr } = await runCli(['review', '--list'], {
          env: { SOCBOT_DATA_DIR: dataDir, SOCBOT_DATABASE_URL: bare.url },
        });
        expect(code).toBe(1);
        expect(stderr).toContain('DATABASE_SCHEMA');
        expect(stderr).toContain('socbot db migrate');
      } finally {
        await bare.drop();
      }
    });
  });

  it("insights reads the database's alerts, audit trail and next-step log", async () => {
    await buildFixtureHistory(dataDir, (now) => ({
      register: new PgAlertRegister(db, now),
      audit: new PgAuditTrail(db, now),
      log: new NextStepLog(pgJsonLinesLogs(db)),
    }));
    await buildFixtureHistory(filesDir);
    const onPg = await runCli(['insights', '--json'], { env: pgEnv() });
    expect(onPg).toMatchObject({ code: 0, stderr: '' });
    const insights = JSON.parse(onPg.stdout) as { alerts: number; acceptance: { shown: number } };
    expect(insights).toMatchObject({ alerts: 9, acceptance: { shown: 3, accepted: 1 } });
    expect(insights).toEqual(JSON.parse((await runCli(['insights', '--json'], { env: filesEnv() })).stdout));
    expect(existsSync(path.join(dataDir, 'alerts.jsonl'))).toBe(false);
  });
});

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
