import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf } from '../../../src/access/access-config';
import { createApp, type SocbotApp } from '../../../src/app/create-app';
import { createSiemIntakeDeps } from '../../../src/app/siem-intake-wiring';
import { siemAlertCard, siemAlertText } from '../../../src/channels/siem-intake/siem-alert-card';
import type { SiemAlertFacts } from '../../../src/channels/siem-intake/siem-intake-deps';
import { Database } from '../../../src/db/database';
import { socCardJob } from '../../../src/jobs/soc-card-job';
import { createLogger } from '../../../src/logger';
import { NEXT_STEPS_FILE_NAME, NextStepLog } from '../../../src/store/next-step-log';
import { PgAlertRegister } from '../../../src/store/postgres/pg-alert-register';
import { PgAuditTrail } from '../../../src/store/postgres/pg-audit-trail';
import { pgJsonLinesLogs } from '../../../src/store/postgres/pg-json-lines-log';
import { buildFixtureHistory } from '../../fixtures/next-steps/build-history';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';
import { testConfig } from '../../helpers/test-config';

const facts = (alertId: string): SiemAlertFacts => ({
  alertId,
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P3',
  source: 'sap-etd',
  title: 'Debugging in production',
});

/**
 * With SOCBOT_DATABASE_URL the next steps are learned from the database: the alerts and audit
 * entries every replica wrote, and what is shown is recorded in the shared next-step log.
 */
describe('next steps on PostgreSQL', () => {
  let testDb: TestDatabase;
  let db: Database;
  let dataDirs: string[];
  let apps: SocbotApp[];
  beforeEach(async () => {
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
    dataDirs = [];
    apps = [];
    // The history as other replicas wrote it, through the PostgreSQL stores.
    await buildFixtureHistory('unused: the history is in the database', (now) => ({
      register: new PgAlertRegister(db, now),
      audit: new PgAuditTrail(db, now),
      log: new NextStepLog(pgJsonLinesLogs(db)),
    }));
  });
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await db.close();
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    await testDb.drop();
  });

  async function replica(): Promise<SocbotApp> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-next-steps-pg-'));
    dataDirs.push(dataDir);
    const app = createApp({
      config: testConfig({
        dataDir,
        database: testDb.settings,
        access: accessConfigOf({ analyst: ['ana@corp.com'] }),
      }),
      logger: createLogger({ level: 'silent' }),
      ackWindowMs: 0,
      outbox: { retryPolicy: { minDelayMs: 600_000, maxDelayMs: 600_000, jitter: false } },
    });
    apps.push(app);
    await app.start();
    return app;
  }

  /** Registers a SIEM alert on `registeredOn` and posts its card from `postedBy`: the card's text. */
  async function cardText(registeredOn: SocbotApp, postedBy: SocbotApp, alertId: string): Promise<string> {
    const { ref } = await createSiemIntakeDeps(registeredOn).registerAlert(facts(alertId), {
      idempotencyKey: `siem:${alertId}`,
      source: 'sap-etd',
    });
    await createSiemIntakeDeps(postedBy).postAlertToSoc({
      ref,
      facts: facts(alertId),
      card: siemAlertCard(ref, facts(alertId)),
      text: siemAlertText(ref, facts(alertId)),
      idempotencyKey: `siem-card:${ref}`,
    });
    const jobs = (await postedBy.outbox.list()).filter((each) => each.type === socCardJob.type);
    const texts = jobs.map((job) => (job.payload as { text: string }).text);
    return texts.find((text) => text.includes(ref)) ?? `no card of ${ref} in ${JSON.stringify(texts)}`;
  }

  it("suggests the step closed similar alerts took first, from the database's history", async () => {
    const app = await replica();
    const text = await cardText(app, app, '9001');
    expect(text).toContain(
      `- "I'll take SOC-2026-0010": analysts did this first in 3 of 3 similar alerts on PRD with pattern 'Debugging in production' and a technical user`,
    );
    const shown = (await new NextStepLog(pgJsonLinesLogs(db)).read()).filter(
      (line) => 'shown' in line && line.ref === 'SOC-2026-0010',
    );
    expect(shown.map((line) => ('shown' in line ? line.skill : ''))).toEqual([
      'take-alert',
      'investigate-incident',
    ]);
    expect(existsSync(path.join(dataDirs[0] as string, NEXT_STEPS_FILE_NAME))).toBe(false);
  });

  it('offers steps for an alert another replica registered after this one read the history', async () => {
    const [a, b] = [await replica(), await replica()];
    expect(await cardText(a, a, '9001')).toContain("I'll take SOC-2026-0010");
    expect(await cardText(b, a, '9002')).toContain("I'll take SOC-2026-0011");
  });
});
