import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEchoBot } from '../../src/channels/echo-bot';
import type { SocBot } from '../../src/channels/socbot';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { SocbotError } from '../../src/errors';
import { PgTurnLock } from '../../src/store/postgres/pg-turn-lock';
import { messageActivity } from '../helpers/activities';
import { createCapturedLogger } from '../helpers/captured-logger';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { postActivity } from '../helpers/http-request';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

/** Two servers (replicas) on one database: the server puts the bot's shared turn lock behind its queue. */
describe("the server takes a bot's shared turn lock", () => {
  let dataDir: string;
  let testDb: TestDatabase;
  let connector: ConnectorStandIn;
  const servers: RunningServer[] = [];
  const locks: PgTurnLock[] = [];
  let running = 0;
  let mostAtOnce = 0;
  let turns = 0;

  /** The echo bot, slowed down, counting the turns that run at once in either replica. */
  function replicaBot(name: string): SocBot {
    const echo = createEchoBot();
    const lock = new PgTurnLock(testDb.settings, { applicationName: `replica ${name} turn locks` });
    locks.push(lock);
    return {
      ...echo,
      turnLock: lock,
      run: async (context) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await sleep(40);
        await echo.run(context);
        turns += 1;
        running -= 1;
      },
    };
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-shared-lock-'));
    testDb = await createTestDatabase();
    connector = await startConnectorStandIn();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_DATA_DIR: dataDir });
    const logger = createCapturedLogger().logger;
    for (const name of ['A', 'B'])
      servers.push(await startServer(config, { createBot: async () => replicaBot(name), logger }));
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const lock of locks) await lock.close();
    await connector.close();
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('never runs two turns of one conversation at once when its messages alternate replicas', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        postActivity(
          servers[i % 2]!.url,
          messageActivity({
            serviceUrl: connector.serviceUrl,
            conversationId: 'conv-1',
            id: `m${i}`,
            text: `hi ${i}`,
          }),
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(turns).toBe(8);
    expect(mostAtOnce).toBe(1);
    expect(connector.repliesOf('conv-1')).toHaveLength(8);
  });

  it('answers 503 CONVERSATION_BUSY with Retry-After when the turn gave up waiting for its conversation', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_DATA_DIR: dataDir });
    const busy: SocBot = {
      ...createEchoBot(),
      turnLock: {
        run: () =>
          Promise.reject(
            new SocbotError('CONVERSATION_BUSY', 'waited too long', { conversationKey: 'conv-2' }),
          ),
      },
    };
    const server = await startServer(config, {
      createBot: async () => busy,
      logger: createCapturedLogger().logger,
    });
    servers.push(server);
    const response = await postActivity(
      server.url,
      messageActivity({ serviceUrl: connector.serviceUrl, conversationId: 'conv-2', id: 'm1', text: 'hi' }),
    );
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json).toMatchObject({ code: 'CONVERSATION_BUSY' });
  });
});
