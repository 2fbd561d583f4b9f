import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SocbotApp } from '../../../src/app/create-app';
import { startServer, type RunningServer } from '../../../src/channels/start-server';
import { socbotServerOptions } from '../../../src/cli/commands/serve';
import { defaultNluServices } from '../../../src/cli/default-nlu-services';
import { loadConfig } from '../../../src/config';
import { credentialValues } from '../../../src/config/credential-values';
import { testConfig, type ConfigOverrides } from '../../helpers/test-config';
import { createCapturedLogger } from '../../helpers/captured-logger';
import type { ConnectorReply, ConnectorStandIn } from '../../helpers/connector-stand-in';
import { postActivity } from '../../helpers/http-request';
import { PROJECT_CORPUS } from '../../e2e/helpers/trained-model';

/**
 * Outbox timing for tests: retries after 150-300 ms instead of seconds, a poll every 100 ms.
 * The acknowledgement window is 300 ms in these tests; production waits ~3 s (SOCBOT_ACK_WAIT_MS),
 * because Teams gives a bot about 15 s per request.
 */
export const FAST_SIDE_EFFECTS = {
  ackWindowMs: 300,
  outbox: {
    pollIntervalMs: 100,
    retryPolicy: { minDelayMs: 150, maxDelayMs: 300, factor: 1.5, jitter: false, maxAttempts: 6 },
  },
};

/** socbot as `serve` starts it, plus the app behind it and its captured log. */
export interface SocbotUnderTest {
  server: RunningServer;
  app: SocbotApp;
  /** Everything socbot logged, as JSON lines. */
  logText: () => string;
}

/**
 * Starts socbot exactly as `socbot serve` does (same startServer, same options) with test timing.
 * Configured either as an operator does (`env`, read once as `serve` reads it) or with typed
 * sections (`config`, see test/helpers/test-config.ts).
 */
export async function startSocbotUnderTest(options: {
  dataDir: string;
  modelPath: string;
  env?: NodeJS.ProcessEnv;
  config?: ConfigOverrides;
  ackWindowMs?: number;
}): Promise<SocbotUnderTest> {
  const fromEnv = loadConfig({
    ...options.env,
    PORT: '0',
    HOST: '127.0.0.1',
    SOCBOT_SHUTDOWN_GRACE_MS: '2000',
  });
  const config = testConfig({
    ...fromEnv,
    ...options.config,
    dataDir: options.dataDir,
    modelPath: options.modelPath,
    corpusPath: PROJECT_CORPUS,
  });
  // As `socbot serve` makes its logger: the configured credentials are scrubbed from every line.
  const captured = createCapturedLogger('info', credentialValues(config));
  let app: SocbotApp | undefined;
  const server = await startServer(
    config,
    socbotServerOptions(defaultNluServices(), captured.logger, {
      config,
      app: { ...FAST_SIDE_EFFECTS, ackWindowMs: options.ackWindowMs ?? FAST_SIDE_EFFECTS.ackWindowMs },
      onApp: (built) => (app = built),
    }),
  );
  if (!app) throw new Error('the server did not build the app');
  return { server, app, logText: () => captured.text() };
}

/** A Teams user as the activity names them. */
export interface TestUser {
  id: string;
  name: string;
}

/** What one message got back in its turn. */
export interface TurnAnswer {
  status: number;
  replies: ConnectorReply['activity'][];
  text: string;
}

/**
 * One conversation over real HTTP, as Teams would drive it, with any user: `say` and `press` return
 * the replies of that turn; `waitForMessage` finds a later (proactive) message of the conversation.
 */
export function chatOverHttp(connector: ConnectorStandIn, conversationId: string) {
  let turn = 0;
  const send = async (
    server: RunningServer,
    user: TestUser,
    fields: Record<string, unknown>,
  ): Promise<TurnAnswer> => {
    turn += 1;
    const id = `${conversationId}-turn-${turn}`;
    const res = await postActivity(server.url, {
      type: 'message',
      id,
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id: conversationId },
      from: user,
      recipient: { id: 'socbot', name: 'socbot' },
      timestamp: new Date().toISOString(),
      ...fields,
    });
    const replies = connector.repliesTo(conversationId, id).map((reply) => reply.activity);
    return { status: res.status, replies, text: replies.map((a) => a.text ?? '').join('\n') };
  };
  return {
    say: (server: RunningServer, user: TestUser, text: string) => send(server, user, { text }),
    press: (server: RunningServer, user: TestUser, value: Record<string, unknown>) =>
      send(server, user, { value }),
    /** Every message the bot sent to this conversation so far. */
    messages: (): ConnectorReply['activity'][] =>
      connector.repliesOf(conversationId).map((reply) => reply.activity),
    /** Resolves with the first message of the conversation whose text matches; rejects after `timeoutMs`. */
    async waitForMessage(pattern: RegExp, timeoutMs = 8000): Promise<ConnectorReply['activity']> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = connector
          .repliesOf(conversationId)
          .find((reply) => pattern.test(reply.activity.text ?? ''));
        if (found) return found.activity;
        if (Date.now() > deadline) {
          const seen = connector.repliesOf(conversationId).map((reply) => reply.activity.text);
          throw new Error(
            `no message matching ${String(pattern)} within ${timeoutMs} ms; got ${JSON.stringify(seen)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** The answers a form may ask for, by a word of its question. */
const ANSWERS: ReadonlyArray<[RegExp, string]> = [
  [/terminal/i, 'PC-0815'],
  [/SAP user|which user/i, 'DDIC'],
  [/system/i, 'PRD'],
  [/priority/i, 'P2'],
  [/alert/i, '4711'],
];

/**
 * Says `opening`, answers the form's questions from ANSWERS until the confirmation card comes
 * (at most 8 turns), then presses Confirm; returns the answer to the press.
 */
export async function fillAndConfirm(
  chat: ReturnType<typeof chatOverHttp>,
  server: RunningServer,
  user: TestUser,
  opening: string,
  skill: string,
): Promise<TurnAnswer> {
  let answer = await chat.say(server, user, opening);
  for (let turn = 0; turn < 8; turn += 1) {
    if (answer.replies.some((reply) => Array.isArray(reply.attachments) && reply.attachments.length > 0)) {
      return chat.press(server, user, { action: 'confirm', skill });
    }
    const question = answer.replies.at(-1)?.text ?? '';
    const reply = ANSWERS.find(([pattern]) => pattern.test(question))?.[1];
    if (!reply) throw new Error(`unexpected question: ${answer.text}`);
    answer = await chat.say(server, user, reply);
  }
  throw new Error(`no confirmation after 8 turns: ${answer.text}`);
}

/**
 * An HTTP proxy on 127.0.0.1 that forwards every request to `target` after `delayMs`: an API that
 * is slower than the acknowledgement window but answers within the call deadline.
 */
export async function startSlowProxy(
  target: string,
  delayMs: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      setTimeout(() => {
        const upstream = http.request(
          new URL(req.url ?? '/', target),
          { method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => {
          res.statusCode = 502;
          res.end();
        });
        upstream.end(Buffer.concat(chunks));
      }, delayMs);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
