import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import type { ActionIntent } from '../../src/store/action-intents';
import { PgActionIntentLog } from '../../src/store/postgres/pg-action-intents';
import { PgStateStorage } from '../../src/store/postgres/pg-state-storage';
import { PgTurnLock } from '../../src/store/postgres/pg-turn-lock';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { testConfig } from '../helpers/test-config';

function intentOf(actorId: string): ActionIntent {
  return {
    requestId: `form-${actorId}`,
    skill: 'register-alert',
    slots: { alertId: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD', priority: 'P2' },
    user: { id: actorId, name: actorId },
    actor: { id: actorId, name: actorId, local: false },
    conversationId: `conv-${actorId}`,
    conversationKey: `msteams/conv-${actorId}`,
    at: new Date().toISOString(),
  };
}

/** createApp on SOCBOT_DATABASE_URL: conversation state, turn lock and intent journal are the shared ones. */
describe('the app on PostgreSQL: state, turn lock and intent journal', () => {
  let dataDir: string;
  let testDb: TestDatabase;
  let db: Database;
  let app: SocbotApp | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-pg-wiring-'));
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await db.close();
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses the shared stores, and at start finishes an action a stopped replica left long ago, not a fresh one', async () => {
    const journal = new PgActionIntentLog(db);
    // Replica A died a minute after beginning ana's action; bo's was begun just now by a live turn.
    await journal.begin(intentOf('ana'));
    await db.query(
      "UPDATE socbot_action_intents SET begun_at = now() - interval '1 minute' WHERE request_id = 'form-ana'",
    );
    await journal.begin(intentOf('bo'));
    const config = testConfig({
      dataDir,
      database: testDb.settings,
      access: accessConfigOf({ analyst: ['ana', 'bo'] }),
    });
    app = createApp({ config, logger: createLogger({ level: 'silent' }), ackWindowMs: 0 });
    expect(app.store.storage).toBeInstanceOf(PgStateStorage);
    expect(app.turnLock).toBeInstanceOf(PgTurnLock);
    expect(app.intents).toBeInstanceOf(PgActionIntentLog);
    await app.start();

    expect((await journal.unfinished()).map((intent) => intent.requestId)).toEqual(['form-bo']);
    const alerts = await app.store.alerts.list();
    expect(alerts).toHaveLength(1);
    const told = (await app.outbox.list()).filter((job) => job.type === 'tell.recovered');
    expect(told.map((job) => (job.payload as { conversationKey: string }).conversationKey)).toEqual([
      'msteams/conv-ana',
    ]);

    // The conversation state the turns use is the table every replica reads.
    await app.store.storage.write({ 'conversations/msteams/conv-ana': { step: 1 } });
    expect(await db.query('SELECT key FROM socbot_state')).toEqual([
      { key: 'conversations/msteams/conv-ana' },
    ]);
  });

  it('keeps the embedded default on files: no turn lock, file state', async () => {
    app = createApp({ config: testConfig({ dataDir }), logger: createLogger({ level: 'silent' }) });
    expect(app.turnLock).toBeUndefined();
    expect(app.store.storage).not.toBeInstanceOf(PgStateStorage);
    expect(app.intents).not.toBeInstanceOf(PgActionIntentLog);
  });
});
