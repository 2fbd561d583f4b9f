import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Config } from '../config';
import { SocbotError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { credentialValues } from '../config/credential-values';
import type { Recognizer } from '../nlu/types';
import { createBotAuthentication, type AuthenticationOverrides } from './bot-authentication';
import { ConversationQueue } from './conversation-queue';
import { createHealthHandler } from './health-handler';
import { limitHeapGrowth } from './heap-growth';
import { createMessagesHandler } from './messages-handler';
import type { ModelSource } from './model-source';
import { ModelRollout } from './model-rollout';
import type { SharedModelVersion } from './shared-model-version';
import { openRecognizer } from './open-recognizer';
import type { ReloadingRecognizer } from './reloading-recognizer';
import { logEachRequest } from './request-log';
import type { SocBot } from './socbot';
import { createSdkConsole } from './sdk-console';
import { SocbotAdapter } from './socbot-adapter';
import { TurnTracker } from './turn-tracker';
import { mountWebChat, type SharedWebChatStorage, type WebChatMount } from './webchat/mount-webchat';
import { withCardActionInvokes } from './card-action-invoke';

/** What a bot factory gets: the same arguments as `createBot()` in bot-edge.ts. */
export interface BotDependencies {
  dataDir: string;
  logger: Logger;
  /** The hot-reloading recognizer; absent when the server runs without a model (echo bot). */
  recognizer: Recognizer | undefined;
}

/**
 * What an extra channel endpoint (Direct Line for Web Chat…) shares with /api/messages: the bot,
 * the per-conversation turn queue, and the turn counting and draining of a graceful stop.
 */
export interface ServerContext {
  bot: SocBot;
  logger: Logger;
  queue: ConversationQueue;
  /** Call at the start of a turn; call the returned function when it ended. */
  beginTurn: () => () => void;
  isDraining: () => boolean;
  /** The built-in Web Chat's Direct Line conversations: proactive messages are appended there. */
  webChat?: WebChatMount;
}

/** Adds routes to the server before it listens. */
export type RouteMount = (server: restify.Server, context: ServerContext) => void;

/** Options of {@link startServer} besides the configuration. */
export interface StartServerOptions {
  /** Builds the bot. `serve` passes socbot's `createBot`; the benchmark passes the echo bot. */
  createBot: (deps: BotDependencies) => Promise<SocBot>;
  /** Where models come from; omit for a bot that needs no recognizer. */
  models?: ModelSource;
  logger?: Logger;
  /** Extra endpoints on the same server (e.g. Direct Line for Web Chat). */
  routes?: RouteMount[];
  /** SDK authentication settings, for tests that serve OpenID metadata on loopback. */
  authOverrides?: AuthenticationOverrides;
  /**
   * Web Chat's conversations and token key shared by replicas (PostgreSQL), asked for once the bot
   * is built; absent or undefined: in this process, as before.
   */
  webChatStorage?: () => Promise<SharedWebChatStorage | undefined>;
  /**
   * The model version the replicas share (PostgreSQL), asked for once the bot is built: this
   * replica then follows a retrained model another one loaded (model-rollout.ts). Absent: none.
   */
  modelVersions?: () => SharedModelVersion | undefined;
}

/** A listening server. */
export interface RunningServer {
  /** `http://host:port` with the port actually bound (PORT=0 picks a free one). */
  url: string;
  port: number;
  recognizer: ReloadingRecognizer | undefined;
  /**
   * Graceful stop: refuse new requests (503), wait up to the grace period for turns in flight,
   * close connections, flush the bot's storage. Resolves `{ drained }`: false if turns were cut off.
   * Idempotent.
   */
  stop(): Promise<{ drained: boolean }>;
}

/**
 * Starts socbot's Bot Framework server: `POST /api/messages`, `GET /healthz`. `socbot serve` calls
 * exactly this; so do the end-to-end tests and the turns benchmark.
 *
 * @example
 *   const server = await startServer(loadConfig(process.env), { createBot: async () => createEchoBot() });
 *   // … POST activities to `${server.url}/api/messages` …
 *   await server.stop();
 */
export async function startServer(config: Config, options: StartServerOptions): Promise<RunningServer> {
  const logger =
    options.logger ?? createLogger({ level: config.logLevel, secrets: credentialValues(config) });
  const heapGrowingPercent = limitHeapGrowth();
  if (heapGrowingPercent !== undefined)
    logger.debug({ heapGrowingPercent }, 'V8 heap growth limited for a long-running server');
  const { authTimeoutMs, shutdownGraceMs } = config;
  const authenticationRequired = config.botAuth.appId !== '';

  const recognizer = options.models
    ? await openRecognizer({
        modelPath: config.modelPath,
        corpusPath: config.corpusPath,
        models: options.models,
        logger,
      })
    : undefined;
  // Teams Action.Execute (adaptiveCard/action invokes) answered like Action.Submit (src/teams/).
  const bot = withCardActionInvokes(await options.createBot({ dataDir: config.dataDir, logger, recognizer }));

  const versions = recognizer ? options.modelVersions?.() : undefined;
  const rollout = recognizer && versions ? new ModelRollout({ recognizer, versions, logger }) : undefined;

  const authentication = createBotAuthentication(config.botAuth, options.authOverrides);
  const adapter = new SocbotAdapter(authentication, logger, config.connectorTimeoutMs);
  const turns = new TurnTracker();
  const queue = new ConversationQueue(bot.turnLock);
  let draining = false;
  const isDraining = (): boolean => draining;
  const startedAt = Date.now();

  // No restify.plugins.bodyParser: the messages handler reads the body itself with a size bound.
  const server = restify.createServer({ name: 'socbot', handleUncaughtExceptions: false });
  // A stalled upload must not hold a connection forever.
  server.server.requestTimeout = 30_000;
  server.server.headersTimeout = 15_000;
  server.pre(logEachRequest(logger));
  server.on('restifyError', (_req, _res, err: Error & { toJSON?: () => unknown }, callback: () => void) => {
    err.toJSON = () => restifyErrorBody(err);
    callback();
  });
  server.post(
    '/api/messages',
    createMessagesHandler({
      adapter,
      authentication,
      authenticationRequired,
      authTimeoutMs,
      sdkConsole: createSdkConsole(logger),
      bot,
      logger,
      maxBodyBytes: config.maxBodyBytes,
      queue,
      turns,
      isDraining,
    }),
  );
  server.get(
    '/healthz',
    createHealthHandler({
      startedAt,
      isDraining,
      turnsInFlight: () => turns.inFlight,
      model: () => {
        const replicas = rollout?.status();
        return recognizer ? { ...recognizer.modelInfo, ...(replicas ? { replicas } : {}) } : undefined;
      },
      ...(bot.health ? { health: bot.health } : {}),
      logger,
    }),
  );

  const context: ServerContext = { bot, logger, queue, beginTurn: () => turns.begin(), isDraining };
  // The Web Chat page and its Direct Line endpoint (src/channels/webchat/), WEBCHAT_* settings.
  let shared: SharedWebChatStorage | undefined;
  try {
    shared = await options.webChatStorage?.();
  } catch (error) {
    // The database did not answer: stop what was started (the outbox, the pool) before failing.
    recognizer?.close();
    await bot.close();
    throw error;
  }
  const webChat = mountWebChat(server, {
    ...context,
    config: config.webChat,
    dataDir: config.dataDir,
    shared,
  });
  for (const mount of options.routes ?? []) mount(server, { ...context, webChat });

  try {
    await new Promise<void>((resolve, reject) => {
      // On restify's server, not the node one: restify re-emits 'error' and throws when nobody listens.
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    recognizer?.close();
    await bot.close();
    throw cannotListen(config, error);
  }
  rollout?.start();
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info(
    { url, authentication: authenticationRequired ? 'on' : 'off', maxBodyBytes: config.maxBodyBytes },
    'socbot listening',
  );
  if (!authenticationRequired && !isLoopback(config.host)) {
    logger.warn(
      { host: config.host },
      'authentication is off (no MicrosoftAppId) on a non-loopback address: POST /api/messages answers only clients on this machine (others get 403). Set MicrosoftAppId/MicrosoftAppPassword to accept Bot Framework traffic from other hosts, or HOST=127.0.0.1.',
    );
  }

  let stopping: Promise<{ drained: boolean }> | undefined;
  const stop = (): Promise<{ drained: boolean }> => {
    stopping ??= (async () => {
      draining = true;
      logger.info(
        { turnsInFlight: turns.inFlight, graceMs: shutdownGraceMs },
        'shutting down: finishing turns in flight',
      );
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      const drained = await turns.drain(shutdownGraceMs);
      if (!drained)
        logger.warn(
          { turnsInFlight: turns.inFlight },
          'shutdown grace period over: cutting off turns in flight',
        );
      server.server.closeAllConnections();
      await closed;
      await rollout?.stop();
      recognizer?.close();
      await bot.close();
      logger.info({ drained }, 'socbot stopped');
      return { drained };
    })();
    return stopping;
  };

  return { url, port, recognizer, stop };
}

function cannotListen(config: Config, error: unknown): SocbotError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  const why =
    code === 'EADDRINUSE'
      ? 'the port is in use by another process'
      : code === 'EACCES'
        ? 'this user may not bind that port'
        : code === 'EADDRNOTAVAIL'
          ? 'this machine has no such address'
          : (error as Error).message;
  return new SocbotError(
    'CONFIG_INVALID',
    `Cannot listen on ${config.host}:${config.port}: ${why}. Set PORT (and HOST) to a free address, or stop the other process.`,
    { code },
    { cause: error },
  );
}

function restifyErrorBody(err: Error): { code: string; message: string } {
  if (err.name === 'ResourceNotFoundError') {
    return {
      code: 'NOT_FOUND',
      message: 'No such route. socbot serves POST /api/messages and GET /healthz.',
    };
  }
  if (err.name === 'MethodNotAllowedError') {
    return {
      code: 'METHOD_NOT_ALLOWED',
      message: `${err.message}. Use POST for /api/messages and GET for /healthz.`,
    };
  }
  return { code: 'INTERNAL', message: 'socbot could not handle this request; the error is in its log.' };
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}
