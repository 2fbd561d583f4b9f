import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { isSocbotError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { ACTION_INTENTS_FILE_NAME, ActionIntentLog } from '../../src/store/action-intents';
import { testConfig } from '../helpers/test-config';

/**
 * Review of issue 12: a start that failed late left files open and the state lock held, and a stop
 * during a start did not wait for it: the next socbot on the directory could not start.
 */
describe('start and stop leave the data directory free', () => {
  let dataDir: string;
  const apps: SocbotApp[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-start-cleanup-'));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The lock files left in the data directory, and the files in it this process still has open (Linux /proc). */
  async function heldIn(dir: string): Promise<string[]> {
    const locks = ['socbot.lock', 'state.lock'].filter((name) => existsSync(path.join(dir, name)));
    const open: string[] = [];
    for (const fd of await readdir('/proc/self/fd')) {
      const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
      if (target.startsWith(`${dir}${path.sep}`)) open.push(path.basename(target));
    }
    return [...locks, ...open];
  }

  const appOn = (): SocbotApp => {
    const app = createApp({
      config: testConfig({ dataDir }),
      logger: createLogger({ level: 'silent' }),
    });
    apps.push(app);
    return app;
  };

  it('a start refused at the replay frees everything: the next start succeeds once the file is repaired', async () => {
    const journal = new ActionIntentLog(dataDir);
    await journal.begin({
      requestId: 'form-1',
      skill: 'register-alert',
      slots: { alertId: '4711' },
      user: { id: 'ana', name: 'Ana' },
      actor: { id: 'ana', name: 'Ana' },
      conversationId: 'c1',
      conversationKey: '',
      at: '2026-12-06T00:00:00.000Z',
    });
    await journal.close();
    const file = path.join(dataDir, ACTION_INTENTS_FILE_NAME);
    const good = await readFile(file, 'utf8');
    await writeFile(file, `not an intent\n${good}`);
    // The store has state to hold (and lock) by the time the replay runs.
    const refused: unknown = await appOn()
      .start()
      .catch((error: unknown) => error);
    expect(isSocbotError(refused, 'STORAGE_CORRUPT')).toBe(true);
    expect(await heldIn(dataDir)).toEqual([]);

    await writeFile(file, good);
    const next = appOn();
    await next.start();
    await next.store.storage.write({ 'conversations/test/c1': { answered: true } });
    expect(await next.store.storage.read(['conversations/test/c1'])).toMatchObject({
      'conversations/test/c1': { answered: true },
    });
  });

  it('a stop during the start waits for it and then frees the directory', async () => {
    const first = appOn();
    const starting = first.start();
    await first.stop();
    await starting;
    expect(await heldIn(dataDir)).toEqual([]);

    const next = appOn();
    await next.start();
    await next.store.storage.write({ 'conversations/test/c1': { answered: true } });
  });
});
