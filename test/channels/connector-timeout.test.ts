import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEchoBot } from '../../src/channels/echo-bot';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { isSocbotError } from '../../src/errors';
import { messageActivity } from '../helpers/activities';
import { createCapturedLogger, type CapturedLogger } from '../helpers/captured-logger';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { postActivity } from '../helpers/http-request';

const TIMEOUT_MS = 500;
/** Scheduling, the turn itself and a loaded machine: well under the SDK's ~15 s of retries. */
const SLACK_MS = 1500;

/**
 * Issue 12 item 9: a turn whose serviceUrl does not answer took ~15 s (the SDK retries), and the next
 * message of that conversation waited behind it, past Teams' 15 s budget. Replies are now bounded
 * by SOCBOT_CONNECTOR_TIMEOUT_MS.
 */
describe('a connector that does not take the reply', () => {
  let dataDir: string;
  let connector: ConnectorStandIn;
  let silent: { url: string; close: () => Promise<void> };
  let refusingUrl: string;
  let server: RunningServer;
  let log: CapturedLogger;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-connector-timeout-'));
    connector = await startConnectorStandIn();
    silent = await startSilentServer();
    refusingUrl = await closedPortUrl();
    log = createCapturedLogger();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SOCBOT_DATA_DIR: dataDir,
      SOCBOT_CONNECTOR_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    server = await startServer(config, { createBot: async () => createEchoBot(), logger: log.logger });
  });

  afterAll(async () => {
    await server.stop();
    await connector.close();
    await silent.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['never answers', () => silent.url],
    ['refuses the connection', () => refusingUrl],
  ])(
    'ends the turn within the bound when the connector %s, and the next message is answered',
    async (_what, serviceUrl) => {
      const conversationId = `conv-${serviceUrl().split(':').pop() ?? ''}`;
      const started = Date.now();
      const lost = postActivity(
        server.url,
        messageActivity({ serviceUrl: serviceUrl(), conversationId, id: 'lost-1', text: 'hello?' }),
        {},
        20_000,
      );
      // The same conversation's next message queues behind the lost one (one turn at a time).
      const next = postActivity(
        server.url,
        messageActivity({ serviceUrl: connector.serviceUrl, conversationId, id: 'next-1', text: 'again' }),
        {},
        20_000,
      );
      expect((await lost).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect((await next).status).toBe(200);
      expect((await connector.waitForReply(conversationId, 'next-1', 5000)).activity.text).toBe(
        'echo: again',
      );
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2 * SLACK_MS);

      const warning = log
        .lines()
        .find((l) => l.msg === 'reply not delivered' && l.conversationId === conversationId);
      expect(warning).toMatchObject({ level: 40, timeoutMs: TIMEOUT_MS });
      // A lost reply is the connector's problem, not a failed turn: no error line, no apology sent.
      expect(log.lines().filter((l) => (l.level as number) >= 50)).toEqual([]);
      expect(log.text()).not.toMatch(/authorization|bearer/i);
    },
    30_000,
  );

  it('refuses a connector timeout outside 100-12000 ms with the variable named', () => {
    for (const value of ['50', '12001', 'soon']) {
      let error: unknown;
      try {
        loadConfig({ SOCBOT_CONNECTOR_TIMEOUT_MS: value });
      } catch (caught) {
        error = caught;
      }
      expect(isSocbotError(error, 'CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toMatch(/SOCBOT_CONNECTOR_TIMEOUT_MS: .*100.*12000/);
    }
    expect(loadConfig({}).connectorTimeoutMs).toBe(5000);
  });
});

/** An HTTP server on 127.0.0.1 that accepts requests and never answers them. */
async function startSilentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(() => undefined);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (the port was just free): connections are refused. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
