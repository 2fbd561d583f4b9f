import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Request, Response } from 'restify';
import type { SocBot } from '../../src/channels/socbot';
import { createMessagesHandler, type MessagesHandlerDeps } from '../../src/channels/messages-handler';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { TurnTracker } from '../../src/channels/turn-tracker';
import { loadConfig } from '../../src/config';
import { messageActivity } from '../helpers/activities';
import { createCapturedLogger } from '../helpers/captured-logger';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { httpRequest, postActivity } from '../helpers/http-request';

/** Without MicrosoftAppId the activity's from.id is believed: only this machine may post it. */
describe('/api/messages without MicrosoftAppId', () => {
  let dataDir: string;
  let connector: ConnectorStandIn;
  let server: RunningServer;
  const turns: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-local-only-'));
    connector = await startConnectorStandIn();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_DATA_DIR: dataDir });
    const bot: SocBot = {
      async run(context) {
        turns.push(`${context.activity.from.id}: ${context.activity.text ?? ''}`);
        await context.sendActivity('ok');
      },
      close: async () => undefined,
    };
    server = await startServer(config, { createBot: async () => bot, logger: createCapturedLogger().logger });
  });

  afterAll(async () => {
    await server.stop();
    await connector.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const lead = (id: string): string =>
    JSON.stringify(
      messageActivity({
        serviceUrl: connector.serviceUrl,
        conversationId: `conv-${id}`,
        id,
        text: 'block terminal PC-0815',
        userId: 'the-lead',
      }),
    );

  it('still serves a JSON activity from 127.0.0.1 under a loopback Host name, any port', async () => {
    for (const host of [undefined, 'localhost', 'LOCALHOST:3978', '127.0.0.1:80', '[::1]:3978']) {
      const res = await httpRequest(`${server.url}/api/messages`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          ...(host ? { Host: host } : {}),
        },
        body: lead(`ok-${turns.length}`),
      });
      expect(res.status).toBe(200);
    }
    expect((await postActivity(server.url, JSON.parse(lead('ok-helper')))).status).toBe(200);
  });

  it("refuses a browser page's no-cors POST without Content-Type (a Blob body) with 403 before any turn", async () => {
    const before = turns.length;
    const res = await httpRequest(`${server.url}/api/messages`, { method: 'POST', body: lead('blob') });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/Content-Type/) });
    expect((res.json as { message: string }).message).toMatch(/Set MicrosoftAppId and MicrosoftAppPassword/);
    expect(turns.length).toBe(before);
  });

  it('keeps 415 for a Content-Type that is not JSON', async () => {
    const res = await httpRequest(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: lead('text-plain'),
    });
    expect(res.status).toBe(415);
  });

  it.each([
    'attacker.example',
    'attacker.example:3978',
    '127.0.0.1.nip.io',
    'localhost.attacker.example',
    '[::1].x',
  ])('refuses a DNS-rebound page (Host: %s) with 403 before any turn', async (host) => {
    const before = turns.length;
    const res = await httpRequest(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Host: host },
      body: lead('rebound'),
    });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/Host/) });
    expect(turns.length).toBe(before);
  });
});

describe('the messages handler without MicrosoftAppId, for a peer on another machine', () => {
  function fakeExchange(remoteAddress: string): {
    req: Request;
    res: Response;
    answer: { status?: number; body?: unknown; headers: Record<string, string> };
  } {
    const answer: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
    const req = {
      headers: { host: '127.0.0.1:3978', 'content-type': 'application/json' },
      socket: { remoteAddress },
    } as unknown as Request;
    const res = {
      headersSent: false,
      setHeader: (name: string, value: string) => (answer.headers[name] = value),
      send: (status: number, body: unknown) => Object.assign(answer, { status, body }),
    } as unknown as Response;
    return { req, res, answer };
  }

  const handler = (): ReturnType<typeof createMessagesHandler> => {
    const unused = (): never => {
      throw new Error('a refused request must not reach the body, the adapter or the bot');
    };
    const deps = {
      adapter: { runTurn: unused },
      authentication: { authenticateRequest: unused },
      authenticationRequired: false,
      authTimeoutMs: 1000,
      bot: { run: unused, close: async () => undefined },
      logger: createCapturedLogger().logger,
      maxBodyBytes: 4096,
      queue: { run: unused },
      turns: new TurnTracker(),
      isDraining: () => false,
    } as unknown as MessagesHandlerDeps;
    return createMessagesHandler(deps);
  };

  it.each(['192.0.2.10', '::ffff:10.1.2.3', '2001:db8::1'])(
    'answers 403 to %s even with a loopback Host and JSON',
    async (remoteAddress) => {
      const { req, res, answer } = fakeExchange(remoteAddress);
      await handler()(req, res);
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/another machine.*Set MicrosoftAppId and MicrosoftAppPassword/),
      });
    },
  );
});
