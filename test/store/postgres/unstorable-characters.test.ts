import { PgDirectLineStore } from '../../../src/channels/directline/pg-directline-store';
import { Database } from '../../../src/db/database';
import { jsonParam } from '../../../src/db/json-param';
import type { NewAlert } from '../../../src/store/alert-register';
import { PgAlertRegister } from '../../../src/store/postgres/pg-alert-register';
import { PgAuditTrail } from '../../../src/store/postgres/pg-audit-trail';
import { pgDocuments } from '../../../src/store/postgres/pg-document';
import { pgJsonLinesLogs } from '../../../src/store/postgres/pg-json-lines-log';
import { ReviewQueue } from '../../../src/store/review-queue';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';

// jsonb rejects both (22P05 / 22P02); the files mode stores them, so PostgreSQL must not fail on them.
const NUL_TEXT = 'a\u0000b';
const LONE_SURROGATE = 'x\udc00y';
const STORED_NUL_TEXT = 'a\uFFFDb';
const STORED_LONE_SURROGATE = 'x\uFFFDy';

describe('jsonParam', () => {
  it('replaces NUL and unpaired surrogates with U+FFFD and keeps paired ones and a literal "\\u0000"', () => {
    const json = jsonParam({
      nul: NUL_TEXT,
      high: '\ud83d!',
      low: LONE_SURROGATE,
      pair: '😀',
      typed: '\\u0000',
    });
    expect(JSON.parse(json)).toEqual({
      nul: STORED_NUL_TEXT,
      high: '\uFFFD!',
      low: STORED_LONE_SURROGATE,
      pair: '😀',
      typed: '\\u0000',
    });
  });

  it('leaves JSON without such characters exactly as JSON.stringify writes it', () => {
    const value = { text: 'isolate host', n: [1, 2], nested: { ok: true } };
    expect(jsonParam(value)).toBe(JSON.stringify(value));
  });
});

describe('PostgreSQL stores given NUL and lone surrogates (a real database)', () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('stores a Web Chat post and reads it back with U+FFFD in their place', async () => {
    const store = new PgDirectLineStore(db);
    await store.open('dl_nul', 'user-1');
    const posted = await store.appendPost('dl_nul', { type: 'message', text: NUL_TEXT }, 'c-1');
    const other = await store.appendPost('dl_nul', { type: 'message', text: LONE_SURROGATE }, 'c-2');
    expect(posted?.activity.text).toBe(STORED_NUL_TEXT);
    expect(other?.activity.text).toBe(STORED_LONE_SURROGATE);
    const read = await store.since('dl_nul', 0);
    expect(read?.activities.map((activity) => activity.text)).toEqual([
      STORED_NUL_TEXT,
      STORED_LONE_SURROGATE,
    ]);
  });

  it('stores a review item (socbot_documents) and reads it back with U+FFFD in their place', async () => {
    const queue = new ReviewQueue(pgDocuments(db));
    await queue.add({
      text: NUL_TEXT,
      intentGuess: LONE_SURROGATE,
      score: 0.3,
      alternatives: [],
      conversationId: 'c1',
    });
    const [item] = await new ReviewQueue(pgDocuments(db)).list('pending');
    expect(item?.text).toBe(STORED_NUL_TEXT);
    expect(item?.intentGuess).toBe(STORED_LONE_SURROGATE);
  });

  it('stores a log line (socbot_log_lines) and reads it back with U+FFFD in their place', async () => {
    const log = pgJsonLinesLogs(db).open('unstorable-test.jsonl');
    await log.append({ summary: NUL_TEXT }, { summary: LONE_SURROGATE });
    const { values } = await pgJsonLinesLogs(db).open('unstorable-test.jsonl').read();
    expect(values).toEqual([{ summary: STORED_NUL_TEXT }, { summary: STORED_LONE_SURROGATE }]);
  });

  it('registers an alert and a change (alerts, alert_changes) and reads them back with U+FFFD in their place', async () => {
    const register = new PgAlertRegister(db, () => new Date('2026-03-01T10:00:00Z'));
    const facts: NewAlert = {
      alertId: 'evt-nul',
      terminal: NUL_TEXT,
      username: LONE_SURROGATE,
      system: 'PRD',
      priority: 'P2',
      createdBy: 'siem',
      conversationId: '',
      requestId: 'siem:evt-nul',
    };
    const added = await register.add(facts);
    const noted = await register.change({
      ref: added.ref,
      action: 'note',
      note: NUL_TEXT + LONE_SURROGATE,
      by: 'Ben',
      requestId: 'r-nul',
    });
    expect(noted.change.note).toBe(STORED_NUL_TEXT + STORED_LONE_SURROGATE);
    const view = await new PgAlertRegister(db).view(added.ref);
    expect(view?.terminal).toBe(STORED_NUL_TEXT);
    expect(view?.username).toBe(STORED_LONE_SURROGATE);
    const [stored] = await new PgAlertRegister(db).withAlertId('evt-nul');
    expect(stored?.terminal).toBe(STORED_NUL_TEXT);
    const rows = await db.query<{ note: string }>(
      "SELECT change ->> 'note' AS note FROM alert_changes WHERE change ->> 'requestId' = 'r-nul'",
    );
    expect(rows.map((row) => row.note)).toEqual([STORED_NUL_TEXT + STORED_LONE_SURROGATE]);
  });

  it('appends an audit entry whose hash covers the stored U+FFFD, so the chain verifies', async () => {
    const trail = new PgAuditTrail(db);
    const entry = await trail.append({
      actor: { id: 'aad-ana', name: 'Ana', role: 'analyst' },
      action: 'command',
      summary: NUL_TEXT + LONE_SURROGATE,
    });
    expect(entry.summary).toBe(STORED_NUL_TEXT + STORED_LONE_SURROGATE);
    const entries = await new PgAuditTrail(db).entries();
    expect(entries.at(-1)?.summary).toBe(STORED_NUL_TEXT + STORED_LONE_SURROGATE);
    expect((await trail.verify()).intact).toBe(true);
  });
});
