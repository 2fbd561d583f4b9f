import type { TurnContext } from 'botbuilder';
import type { SocBot } from '../../src/channels/socbot';
import { startServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { messageActivity } from '../helpers/activities';
import { createCapturedLogger } from '../helpers/captured-logger';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { httpRequest, postActivity } from '../helpers/http-request';

/** A bot whose turns take `turnMs` and which records when it was closed. */
function slowBot(turnMs: number, events: string[]): SocBot {
  return {
    async run(context: TurnContext) {
      events.push(`turn started: ${context.activity.text}`);
      await new Promise((resolve) => setTimeout(resolve, turnMs));
      await context.sendActivity(`done: ${context.activity.text}`);
      events.push(`turn ended: ${context.activity.text}`);
    },
    async close() {
      events.push('closed');
    },
  };
}

describe('graceful stop', () => {
  let connector: ConnectorStandIn;
  beforeAll(async () => {
    connector = await startConnectorStandIn();
  });
  afterAll(() => connector.close());

  const config = (graceMs: number) =>
    loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_SHUTDOWN_GRACE_MS: String(graceMs) });

  it('finishes the turn in flight, refuses new work, then flushes the bot', async () => {
    const events: string[] = [];
    const server = await startServer(config(5000), {
      createBot: async () => slowBot(400, events),
      logger: createCapturedLogger().logger,
    });
    const inFlight = postActivity(
      server.url,
      messageActivity({
        serviceUrl: connector.serviceUrl,
        conversationId: 'conv-stop',
        id: 's1',
        text: 'slow',
      }),
    );
    while (!events.includes('turn started: slow')) await new Promise((resolve) => setTimeout(resolve, 10));

    const stopping = server.stop();
    const late = await httpRequest(`${server.url}/healthz`).then(
      (res) => res.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);

    expect((await inFlight).status).toBe(200);
    expect(await stopping).toEqual({ drained: true });
    expect((await connector.waitForReply('conv-stop', 's1')).activity.text).toBe('done: slow');
    expect(events).toEqual(['turn started: slow', 'turn ended: slow', 'closed']);
  });

  it('cuts off a turn that outlives the grace period and still flushes', async () => {
    const events: string[] = [];
    const server = await startServer(config(300), {
      createBot: async () => slowBot(3000, events),
      logger: createCapturedLogger().logger,
    });
    const inFlight = postActivity(
      server.url,
      messageActivity({
        serviceUrl: connector.serviceUrl,
        conversationId: 'conv-cut',
        id: 'k1',
        text: 'stuck',
      }),
    ).catch((error: Error) => error);
    while (!events.includes('turn started: stuck')) await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    expect(await server.stop()).toEqual({ drained: false });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(events).toContain('closed');
    // The cut-off request ends without an answer (the socket is closed), not with a 5xx.
    expect(await inFlight).toMatchObject({ message: expect.stringMatching(/socket hang up|ECONNRESET/) });
  });

  it('mounts extra routes that share the bot and are waited for by the stop', async () => {
    const events: string[] = [];
    const server = await startServer(config(5000), {
      createBot: async () => slowBot(0, events),
      logger: createCapturedLogger().logger,
      routes: [
        (restifyServer, context) =>
          restifyServer.get('/extra', async (_req, res) => {
            const done = context.beginTurn();
            events.push(`extra started, draining: ${context.isDraining()}`);
            await new Promise((resolve) => setTimeout(resolve, 300));
            await context.bot.close();
            res.send(200, { ok: true });
            done();
          }),
      ],
    });
    const extra = httpRequest(`${server.url}/extra`);
    while (!events.some((e) => e.startsWith('extra started'))) await new Promise((r) => setTimeout(r, 10));
    expect(await server.stop()).toEqual({ drained: true });
    expect((await extra).json).toEqual({ ok: true });
    expect(events).toEqual(['extra started, draining: false', 'closed', 'closed']);
  });

  it('refuses to start on a port in use with CONFIG_INVALID, and closes the bot it made', async () => {
    const events: string[] = [];
    const first = await startServer(config(1000), {
      createBot: async () => slowBot(0, events),
      logger: createCapturedLogger().logger,
    });
    const taken = loadConfig({ PORT: String(first.port), HOST: '127.0.0.1' });
    await expect(
      startServer(taken, {
        createBot: async () => slowBot(0, events),
        logger: createCapturedLogger().logger,
      }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/port is in use.*Set PORT/),
    });
    expect(events).toEqual(['closed']);
    await first.stop();
  });
});
