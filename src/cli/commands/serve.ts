import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ModelSource } from '../../channels/model-source';
import { onShutdownSignals } from '../../channels/shutdown-signals';
import { startServer, type BotDependencies, type StartServerOptions } from '../../channels/start-server';
import { loadConfig } from '../../config';
import { createBot } from '../../conversation/create-bot';
import { SocbotError } from '../../errors';
import { createLogger, type Logger } from '../../logger';
import type { CliDeps, NluServices } from '../cli-deps';

/**
 * `socbot serve`: the Bot Framework endpoint (`POST /api/messages`, `GET /healthz`) on HOST:PORT,
 * with the model at SOCBOT_MODEL (trained from SOCBOT_CORPUS when missing, reloaded when the file
 * changes or on SIGHUP). Logs JSON lines on stdout. SIGTERM/SIGINT stop it gracefully: turns in
 * flight finish (up to SOCBOT_SHUTDOWN_GRACE_MS), storage is flushed, the exit code is 0.
 *
 * @example
 *   PORT=3978 socbot serve
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('serve')
    .description('run the Bot Framework server (POST /api/messages, GET /healthz)')
    .action(async () => {
      const config = loadConfig(deps.env);
      const logger = createLogger({ level: config.logLevel });
      const server = await startServer(config, socbotServerOptions(deps.nlu, logger));
      const signals = onShutdownSignals(logger, () => void server.recognizer?.reload());
      await signals.signalled;
      await server.stop();
      signals.dispose();
    });
}

/**
 * What `serve` runs: socbot's bot on the NLU model. Exported so end-to-end tests start exactly this.
 *
 * @example
 *   const server = await startServer(loadConfig(), socbotServerOptions(defaultNluServices(), logger));
 */
export function socbotServerOptions(nlu: NluServices, logger: Logger): StartServerOptions {
  return { logger, models: modelSourceOf(nlu), createBot: createSocbot };
}

/** socbot's own bot; `serve` always has a recognizer. */
function createSocbot(deps: BotDependencies): ReturnType<typeof createBot> {
  if (!deps.recognizer)
    throw new SocbotError('INTERNAL', 'socbot needs a recognizer; this is a bug in serve.');
  return createBot({ dataDir: deps.dataDir, logger: deps.logger, recognizer: deps.recognizer });
}

/** The NLU services seen as the server's model source. */
export function modelSourceOf(nlu: NluServices): ModelSource {
  return {
    async load(file) {
      const model = await nlu.loadModel(file);
      const meta: { corpusHash: string; trainedAt?: unknown } = model.meta;
      // Older summaries may lack the training time; the file's time is the next best answer.
      const trainedAt =
        typeof meta.trainedAt === 'string' ? meta.trainedAt : (await stat(file)).mtime.toISOString();
      return { recognizer: model, corpusHash: meta.corpusHash, trainedAt };
    },
    async trainAndSave(corpusPath, file) {
      const model = await nlu.trainModel(nlu.loadCorpus(corpusPath, { strict: true }));
      await nlu.saveModel(model, file);
    },
  };
}
