import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../../src/db/database';
import { ActionIntentLog } from '../../../src/store/action-intents';
import { importIntentsFromFiles, importStateFromFiles } from '../../../src/store/import-from-files';
import { LowdbStorage } from '../../../src/store/lowdb-storage';
import { PgActionIntentLog } from '../../../src/store/postgres/pg-action-intents';
import { PgStateStorage } from '../../../src/store/postgres/pg-state-storage';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';
import { intentOf } from '../contracts/action-intent-store-contract';

describe('importing an embedded data directory into PostgreSQL (socbot migrate-data)', () => {
  let dir: string;
  let testDb: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-import-'));
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('copies every state item once; a second import changes nothing, also not an item changed since', async () => {
    const files = new LowdbStorage(dir);
    await files.write({ 'conversations/msteams/c1': { step: 1, facts: { alertId: '4711' } } });
    await files.write({ 'conversations/directline/c2': { step: 2 }, 'users/ana': { locale: 'de' } });
    await files.close();

    const source = new LowdbStorage(dir);
    const target = new PgStateStorage(db);
    expect(await importStateFromFiles(source, target)).toEqual({ imported: 3, alreadyThere: 0 });
    const keys = ['conversations/msteams/c1', 'conversations/directline/c2', 'users/ana'];
    const imported = await target.read(keys);
    expect(imported).toEqual({
      'conversations/msteams/c1': { step: 1, facts: { alertId: '4711' }, eTag: expect.any(String) },
      'conversations/directline/c2': { step: 2, eTag: expect.any(String) },
      'users/ana': { locale: 'de', eTag: expect.any(String) },
    });

    // A replica moves the conversation on; the import run again leaves it so.
    await target.write({
      'conversations/msteams/c1': { ...(imported['conversations/msteams/c1'] as object), step: 5 },
    });
    expect(await importStateFromFiles(source, target)).toEqual({ imported: 0, alreadyThere: 3 });
    expect((await target.read(['conversations/msteams/c1']))['conversations/msteams/c1']).toMatchObject({
      step: 5,
    });
    await source.close();
  });

  it('copies the unfinished intents only, once; one finished in the database since stays finished', async () => {
    const files = new ActionIntentLog(dir);
    await files.begin(intentOf('open-1'));
    await files.begin(intentOf('done'));
    await files.begin(intentOf('open-2'));
    await files.finish(['done']);
    await files.close();

    const target = new PgActionIntentLog(db);
    const source = new ActionIntentLog(dir);
    expect(await importIntentsFromFiles(source, target)).toEqual({ imported: 2, alreadyThere: 0 });
    expect((await target.unfinished()).map((intent) => intent.requestId)).toEqual(['open-1', 'open-2']);

    await target.finish(['open-1']);
    expect(await importIntentsFromFiles(source, target)).toEqual({ imported: 0, alreadyThere: 2 });
    expect((await target.unfinished()).map((intent) => intent.requestId)).toEqual(['open-2']);
    await source.close();
  });
});
