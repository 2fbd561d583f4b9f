import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../../src/db/database';
import { ProcessedMailLog } from '../../../src/mail/intake/processed-mail-log';
import {
  CONVERSATIONS_FILE_NAME,
  ConversationDirectoryStore,
} from '../../../src/store/conversation-directory';
import { EscalationAckLog } from '../../../src/store/escalation-acks';
import { NextStepLog, NEXT_STEPS_FILE_NAME } from '../../../src/store/next-step-log';
import { importDocumentsFromFiles } from '../../../src/store/postgres/import-documents';
import { PgConversationDirectory } from '../../../src/store/postgres/pg-conversation-directory';
import { pgDocuments } from '../../../src/store/postgres/pg-document';
import { pgJsonLinesLogs } from '../../../src/store/postgres/pg-json-lines-log';
import { REVIEW_FILE_NAME, ReviewQueue } from '../../../src/store/review-queue';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';

describe('importDocumentsFromFiles: the data directory into PostgreSQL', () => {
  let dataDir: string;
  let testDb: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-import-'));
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('copies documents and logs so the stores on PostgreSQL read what the files held, once', async () => {
    const queue = new ReviewQueue(dataDir);
    await queue.add({
      text: 'lock him out',
      intentGuess: 'None',
      score: 0.3,
      alternatives: [],
      conversationId: 'c1',
    });
    await new EscalationAckLog(dataDir).acknowledge('SOC-2026-0001', {
      by: 'leads:email',
      via: 'link',
      at: 'x',
    });
    await new NextStepLog(dataDir).append(
      { accepted: 'ns-1', by: 'aad-1', at: '2026-12-06T10:00:00.000Z' },
      { accepted: 'ns-2', by: 'aad-2', at: '2026-12-06T10:01:00.000Z' },
    );
    const processed = await ProcessedMailLog.open(dataDir);
    await processed.record({
      mailbox: 'INBOX',
      uidValidity: '7',
      uid: 1,
      messageId: '<m1@corp>',
      outcome: 'processed',
      at: '2026-12-06T10:00:00.000Z',
    });
    // A line a crash cut off is skipped and counted, not copied.
    await appendFile(path.join(dataDir, NEXT_STEPS_FILE_NAME), '{"accepted":"ns-3","by');

    const report = await importDocumentsFromFiles(dataDir, { db });
    expect(report.documents).toEqual(
      expect.arrayContaining([
        { name: 'review-queue.json', outcome: 'copied' },
        { name: 'escalation-acks.json', outcome: 'copied' },
        { name: 'approvals.json', outcome: 'absent' },
      ]),
    );
    expect(report.logs).toEqual(
      expect.arrayContaining([
        { name: 'next-steps.jsonl', outcome: 'copied', lines: 2, skipped: 1 },
        { name: 'mail-processed.jsonl', outcome: 'copied', lines: 1, skipped: 0 },
        { name: 'triage.jsonl', outcome: 'absent', lines: 0, skipped: 0 },
      ]),
    );

    expect(await new ReviewQueue(pgDocuments(db)).list()).toEqual(await queue.list());
    expect(await new EscalationAckLog(pgDocuments(db)).of('SOC-2026-0001')).toMatchObject({
      by: 'leads:email',
    });
    expect(
      (await new NextStepLog(pgJsonLinesLogs(db)).read()).map((line) => 'accepted' in line && line.accepted),
    ).toEqual(['ns-1', 'ns-2']);
    const memory = await ProcessedMailLog.open(pgJsonLinesLogs(db));
    expect(memory.find({ mailbox: 'INBOX', uidValidity: '7', uid: 1, messageId: '<m1@corp>' })).toMatchObject(
      {
        outcome: 'processed',
      },
    );

    // Again (a second run after a failure, or by mistake): nothing is copied twice or overwritten.
    await new ReviewQueue(pgDocuments(db)).add({
      text: 'new on PG',
      intentGuess: 'None',
      score: 0.1,
      alternatives: [],
      conversationId: 'c2',
    });
    const again = await importDocumentsFromFiles(dataDir, { db });
    expect(again.documents.filter((d) => d.outcome === 'copied')).toEqual([]);
    expect(again.logs.filter((l) => l.outcome === 'copied')).toEqual([]);
    expect(await new ReviewQueue(pgDocuments(db)).list()).toHaveLength(2);
    expect(await new NextStepLog(pgJsonLinesLogs(db)).read()).toHaveLength(2);
  });

  it('copies conversations.json into the directory rows once: a second import brings back no removed registration', async () => {
    const files = new ConversationDirectoryStore(dataDir);
    await files.remember({
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: { id: '19:basis', isGroup: true, conversationType: 'channel', name: 'Basis' },
      bot: { id: '28:socbot', name: 'socbot' },
    });
    await files.register('basis', 'msteams/19:basis');
    await files.register('leads', 'msteams/19:basis');
    await files.flush();

    const report = await importDocumentsFromFiles(dataDir, { db });
    expect(report.documents).toContainEqual({ name: CONVERSATIONS_FILE_NAME, outcome: 'copied' });
    const onPostgres = new ConversationDirectoryStore(new PgConversationDirectory(db));
    expect(await onPostgres.reference('msteams/19:basis')).toEqual(await files.reference('msteams/19:basis'));
    expect(await onPostgres.list('basis')).toEqual(['msteams/19:basis']);
    // Not in the document store any more: the directory has rows of its own.
    expect(await db.query('SELECT name FROM socbot_documents')).toEqual([]);

    await onPostgres.unregister('basis', 'msteams/19:basis');
    const again = await importDocumentsFromFiles(dataDir, { db });
    expect(again.documents).toContainEqual({ name: CONVERSATIONS_FILE_NAME, outcome: 'kept' });
    expect(await onPostgres.list('basis')).toEqual([]);
    expect(await onPostgres.list('leads')).toEqual(['msteams/19:basis']);
  });

  it('leaves out what a hand-edited conversations.json holds of other shapes, as migration 0730 does', async () => {
    const address = {
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: { id: '19:a', isGroup: false, conversationType: 'personal', name: 'Ana' },
      bot: { id: '28:socbot', name: 'socbot' },
    };
    await writeFile(
      path.join(dataDir, CONVERSATIONS_FILE_NAME),
      JSON.stringify({
        references: { 'msteams/19:a': address, 'msteams/null': null, 'msteams/text': 'x' },
        audiences: { basis: [null, 'msteams/19:a', 7], leads: 'msteams/19:a' },
      }),
    );
    const report = await importDocumentsFromFiles(dataDir, { db });
    expect(report.documents).toContainEqual({ name: CONVERSATIONS_FILE_NAME, outcome: 'copied' });
    const onPostgres = new ConversationDirectoryStore(new PgConversationDirectory(db));
    expect(await onPostgres.reference('msteams/19:a')).toEqual(address);
    expect(await onPostgres.reference('msteams/null')).toBeUndefined();
    expect(await onPostgres.reference('msteams/text')).toBeUndefined();
    expect(await onPostgres.list('basis')).toEqual(['msteams/19:a']);
    expect(await onPostgres.list('leads')).toEqual([]);
  });

  it.each([
    [REVIEW_FILE_NAME, '{"items": [', 'SELECT name FROM socbot_documents'],
    [CONVERSATIONS_FILE_NAME, '{"references": {}}', 'SELECT key FROM socbot_conversation_addresses'],
  ])(
    'stops at a %s that is not JSON or not of its shape, naming the file, and copies nothing of it',
    async (name, text, copied) => {
      await writeFile(path.join(dataDir, name), text);
      const error = await importDocumentsFromFiles(dataDir, { db }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORAGE_CORRUPT' });
      expect((error as Error).message).toContain(name);
      expect(await db.query(copied)).toEqual([]);
    },
  );
});
