import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { createLogger } from '../../src/logger';
import {
  ACTION_INTENTS_FILE_NAME,
  CONSOLE_ACTION_INTENTS_FILE_NAME,
  type ActionIntent,
} from '../../src/store/action-intents';
import { testConfig } from '../helpers/test-config';

const intent: ActionIntent = {
  requestId: 'form-console',
  skill: 'register-alert',
  slots: { alertId: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD', priority: 'P2' },
  user: { id: 'local', name: 'You' },
  actor: { id: 'local', name: 'You', local: true },
  conversationId: 'console',
  conversationKey: '',
  at: '2026-12-06T00:00:00.000Z',
};

/**
 * Review of issue 12: `socbot chat` kept its conversation state apart (console-state.*) but shared
 * the intent journal with `socbot serve`, so each replayed the other's confirmed actions against
 * conversation state it does not hold.
 */
describe('the console has an intent journal of its own', () => {
  let dataDir: string;
  const apps: SocbotApp[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-console-intents-'));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const appOn = (consoleOnly: boolean): SocbotApp => {
    const app = createApp({
      config: testConfig({ dataDir }),
      logger: createLogger({ level: 'silent' }),
      consoleOnly,
      ackWindowMs: 0,
    });
    apps.push(app);
    return app;
  };

  it('a confirm cut off in the console is replayed by the console, not by the server', async () => {
    const chat = appOn(true);
    await chat.start();
    await chat.intents?.begin(intent);
    await chat.stop(); // as if the console was killed before the action ran
    expect(existsSync(path.join(dataDir, CONSOLE_ACTION_INTENTS_FILE_NAME))).toBe(true);
    expect(existsSync(path.join(dataDir, ACTION_INTENTS_FILE_NAME))).toBe(false);

    const server = appOn(false);
    await server.start();
    expect(await server.store.alerts.list()).toEqual([]);
    await server.stop();

    const chatAgain = appOn(true);
    await chatAgain.start();
    expect((await chatAgain.store.alerts.list()).map((alert) => alert.requestId)).toEqual([intent.requestId]);
  });
});
