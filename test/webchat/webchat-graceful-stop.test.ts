import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TurnContext } from 'botbuilder';
import { startServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { openConversation } from '../directline/helpers';
import { createCapturedLogger } from '../helpers/captured-logger';

describe('Web Chat turns and a graceful stop', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'socbot-webchat-stop-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stop() waits for a Web Chat turn in flight, which still gets its answer', async () => {
    let turnStarted!: () => void;
    const started = new Promise<void>((resolve) => (turnStarted = resolve));
    const slowBot = {
      async run(context: TurnContext) {
        if (context.activity.type !== 'message') return;
        turnStarted();
        await new Promise((resolve) => setTimeout(resolve, 300));
        await context.sendActivity('finished');
      },
      close: async () => undefined,
    };
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const server = await startServer(config, {
      createBot: async () => slowBot,
      logger: createCapturedLogger().logger,
    });
    const chat = await openConversation(server.url);
    const posting = chat.post({ type: 'message', text: 'slow one' });
    await started;
    const stopped = await server.stop();
    expect(stopped).toEqual({ drained: true });
    const posted = await posting;
    expect(posted.status).toBe(200);
  });
});
