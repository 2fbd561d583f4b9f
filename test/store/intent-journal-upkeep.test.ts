import { statSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import * as fsPromises from 'node:fs/promises';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import { setAsideTornTail } from '../../src/app/torn-tail';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { createLogger } from '../../src/logger';
import { ACTION_INTENTS_FILE_NAME, ActionIntentLog, type ActionIntent } from '../../src/store/action-intents';
import type * as DurableWrite from '../../src/store/durable-write';
import { syncDirectory } from '../../src/store/durable-write';
import { testConfig } from '../helpers/test-config';

// Seams watched, not replaced: which files are read whole, and when a directory is synced.
jest.mock('node:fs/promises', () => {
  const actual = jest.requireActual<typeof FsPromises>('node:fs/promises');
  return { ...actual, readFile: jest.fn(actual.readFile) };
});
jest.mock('../../src/store/durable-write', () => {
  const actual = jest.requireActual<typeof DurableWrite>('../../src/store/durable-write');
  return { ...actual, syncDirectory: jest.fn(actual.syncDirectory) };
});
const readFileCalls = fsPromises.readFile as unknown as jest.Mock;
const syncDirectoryCalls = syncDirectory as unknown as jest.Mock;

function intent(requestId: string): ActionIntent {
  return {
    requestId,
    skill: 'register-alert',
    slots: { alertId: '4711', system: 'PRD' },
    user: { id: 'ana', name: 'Ana' },
    actor: { id: 'ana', name: 'Ana', local: false },
    conversationId: 'c1',
    conversationKey: 'msteams/c1',
    at: '2026-12-06T00:00:00.000Z',
  };
}

/** Review of issue 12: the intent journal grew forever, and its renames were not made durable. */
describe('the upkeep of the intent journal', () => {
  let dir: string;
  let file: string;
  let app: SocbotApp | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-intent-upkeep-'));
    file = path.join(dir, ACTION_INTENTS_FILE_NAME);
    readFileCalls.mockClear();
    syncDirectoryCalls.mockClear();
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('is compacted at start-up when nothing crashed: finished intents are dropped', async () => {
    const journal = new ActionIntentLog(dir);
    for (const id of ['a', 'b', 'c']) {
      await journal.begin(intent(id));
      await journal.finish([id]);
    }
    await journal.close();
    expect((await stat(file)).size).toBeGreaterThan(0);

    app = createApp({
      config: testConfig({ dataDir: dir, access: accessConfigOf({ analyst: ['ana'] }) }),
      logger: createLogger({ level: 'silent' }),
    });
    await app.start();

    expect(await readFile(file, 'utf8')).toBe('');
  });

  it('syncs the directory after the compaction renamed the file', async () => {
    const journal = new ActionIntentLog(dir);
    await journal.begin(intent('a'));
    await journal.finish(['a']);
    await journal.compact();
    expect(syncDirectoryCalls).toHaveBeenCalledWith(dir);
  });

  it('looks at the last byte only, not the whole file, before the first append', async () => {
    const journal = new ActionIntentLog(dir);
    await journal.begin(intent('a'));
    await journal.close();
    readFileCalls.mockClear();

    const next = new ActionIntentLog(dir);
    await next.begin(intent('b'));
    await next.close();

    expect(readFileCalls.mock.calls.filter(([read]) => read === file)).toEqual([]);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('sets a torn tail aside durably: the directory is synced before the original is cut', async () => {
    const audit = path.join(dir, 'audit.jsonl');
    await appendFile(audit, '{"seq":1}\n{"seq":2,"cut');
    const sizeAtSync: number[] = [];
    syncDirectoryCalls.mockImplementationOnce(async (synced: string) => {
      sizeAtSync.push(statSync(audit).size);
      const actual = jest.requireActual<typeof DurableWrite>('../../src/store/durable-write');
      await actual.syncDirectory(synced);
    });

    const repair = await setAsideTornTail(audit, new Date('2026-12-06T03:00:00.000Z'));

    expect(syncDirectoryCalls).toHaveBeenCalledWith(dir);
    expect(sizeAtSync).toEqual([23]);
    expect(repair?.bytes).toBe(13);
    expect((await stat(audit)).size).toBe(10);
  });
});
