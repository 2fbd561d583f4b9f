import { stat } from 'node:fs/promises';
import type { LoadedModel, ModelSource } from '../../channels/model-source';
import { onShutdownSignals } from '../../channels/shutdown-signals';
import { createBot } from '../../channels/bot-edge';
import { startServer, type BotDependencies, type StartServerOptions } from '../../channels/start-server';
import { createApp, type CreateAppOptions, type SocbotApp } from '../../app/create-app';
import { socbotRoutes } from '../../app/socbot-routes';
import { sharedWebChatStorage } from '../../app/webchat-storage-wiring';
import { PgModelVersion } from '../../store/postgres/pg-model-version';
import type { Config } from '../../config';
import { credentialValues } from '../../config/credential-values';
import type { SocBot } from '../../channels/socbot';
import { SocbotError } from '../../errors';
import { createLogger, type Logger } from '../../logger';
import type { CliDeps, NluServices, TrainedModel } from '../cli-deps';
import { readyModel } from '../ready-model';
import { createMailClassifier } from '../../mail/classification/create-mail-classifier';

/** The log line for each step of readying the model (the same words as a server that trains on its own). */
const SERVE_MODEL_LOG = {
  missing: 'no model file yet: training one from the corpus',
  stale: 'the model was trained on another version of the corpus: retraining it',
  saved: 'model trained and saved',
} as const;

/**
 * Runs `socbot serve` until SIGTERM/SIGINT (see serve-command.ts for what it does); loaded only
 * when that command runs, so the other commands do not load the server stack. Before the server
 * listens, the skills are checked against the corpus and a missing or stale model is trained.
 */
export async function runServe(deps: CliDeps): Promise<void> {
  const config = deps.config();
  const logger = createLogger({ level: config.logLevel ?? 'info', secrets: credentialValues(config) });
  const ready = await readyModel({
    nlu: deps.nlu,
    modelPath: config.modelPath,
    corpusPath: config.corpusPath,
    report: (event) => {
      const where = { modelPath: config.modelPath, corpusPath: config.corpusPath };
      // A stale model is worth a warning: the corpus changed and nobody ran `socbot train`.
      if (event.kind === 'stale') logger.warn(where, SERVE_MODEL_LOG.stale);
      else logger.info(where, SERVE_MODEL_LOG[event.kind]);
    },
  });
  // The shared mailbox's classifier is readied like the chat model: trained first when missing or stale.
  const mail = config.mail.mailbox
    ? {
        handle: {
          classifier: await createMailClassifier(config.mail.classifier, (event) => {
            logger.info({ modelPath: config.mail.classifier.modelPath }, event.line);
          }),
        },
      }
    : undefined;
  const options = socbotServerOptions(deps.nlu, logger, { config, ...(mail ? { app: { mail } } : {}) });
  // The model just readied is handed over: a large model is parsed once at start, not twice.
  const models = withLoadedModel(modelSourceOf(deps.nlu), config.modelPath, ready);
  const server = await startServer(config, { ...options, models });
  const signals = onShutdownSignals(logger, () => void server.recognizer?.reload());
  await signals.signalled;
  await server.stop();
  signals.dispose();
}

/** What socbot's server is built from; only the configuration is required. */
export interface SocbotServerSettings {
  /** The whole configuration (roles, integrations, side-effect timing, secrets), loaded once. */
  config: Config;
  /** Test settings of the composition root (fast retries, a short acknowledgement window). */
  app?: Pick<CreateAppOptions, 'outbox' | 'ackWindowMs' | 'isLocalTurn' | 'mail'>;
  /** Called with the assembled app once the bot is built (tests look at its outbox and audit). */
  onApp?: (app: SocbotApp) => void;
}

/**
 * What `serve` runs: socbot's bot on the NLU model, assembled by the composition root (src/app/),
 * with the SIEM intake and Basis acknowledge routes. The app's outbox starts with the bot and stops
 * (after the last turn) when the server stops. Exported so end-to-end tests start exactly this.
 *
 * @example
 *   const config = loadConfig(process.env);
 *   const server = await startServer(config, socbotServerOptions(defaultNluServices(), logger, { config }));
 */
export function socbotServerOptions(
  nlu: NluServices,
  logger: Logger,
  settings: SocbotServerSettings,
): StartServerOptions {
  const { config } = settings;
  let app: SocbotApp | undefined;
  const createSocbot = async (deps: BotDependencies): Promise<SocBot> => {
    if (!deps.recognizer)
      throw new SocbotError('INTERNAL', 'socbot needs a recognizer; this is a bug in serve.');
    const built = createApp({ config, logger: deps.logger, ...settings.app });
    app = built;
    const bot = await createBot({ wiring: built, logger: deps.logger, recognizer: deps.recognizer });
    await built.start();
    settings.onApp?.(built);
    // The server closes the bot after the last turn: then the outbox stops and every file is flushed.
    return {
      ...bot,
      close: async () => {
        await bot.close();
        await built.stop();
      },
      health: () => built.health(),
      ...(built.turnLock ? { turnLock: built.turnLock } : {}),
    };
  };
  return {
    logger,
    models: modelSourceOf(nlu),
    createBot: createSocbot,
    routes: socbotRoutes(() => app, config),
    // On PostgreSQL, Web Chat's conversations and token key are shared by the replicas.
    webChatStorage: async () => (app ? sharedWebChatStorage(app) : undefined),
    // On PostgreSQL, every replica serves the newest model any of them loaded.
    modelVersions: () => (app?.backend.kind === 'postgres' ? new PgModelVersion(app.backend.db) : undefined),
  };
}

/**
 * A model source whose first load of `file` answers with the model already in memory; every later
 * load (a reload on SIGHUP after `socbot train`) reads the file again.
 */
function withLoadedModel(source: ModelSource, file: string, model: TrainedModel): ModelSource {
  let handedOver = false;
  return {
    async load(requested) {
      if (handedOver || requested !== file) return source.load(requested);
      handedOver = true;
      return loadedModelOf(model, file);
    },
    trainAndSave: (corpusPath, target) => source.trainAndSave(corpusPath, target),
  };
}

/** What /healthz reports about a model, from its summary (or the file's time when it has no training time). */
async function loadedModelOf(model: TrainedModel, file: string): Promise<LoadedModel> {
  const meta: { corpusHash: string; trainedAt?: unknown } = model.meta;
  // Older summaries may lack the training time; the file's time is the next best answer.
  const trainedAt =
    typeof meta.trainedAt === 'string' ? meta.trainedAt : (await stat(file)).mtime.toISOString();
  return { recognizer: model, corpusHash: meta.corpusHash, trainedAt };
}

/** The NLU services seen as the server's model source. */
export function modelSourceOf(nlu: NluServices): ModelSource {
  return {
    async load(file) {
      return loadedModelOf(await nlu.loadModel(file), file);
    },
    async trainAndSave(corpusPath, file) {
      const model = await nlu.trainModel(nlu.loadCorpus(corpusPath, { strict: true }));
      await nlu.saveModel(model, file);
    },
  };
}
