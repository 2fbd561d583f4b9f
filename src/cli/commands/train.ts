import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { checkConsistency, inconsistencyError } from '../../app/consistency-check';
import { loadSkillRegistry } from '../../skills/skill-registry';
import type { CliDeps } from '../cli-deps';
import { columns, duration } from '../format';
import { createProgressReporter } from '../progress-reporter';

interface TrainOptions {
  corpus?: string;
  out?: string;
}

/**
 * `socbot train [--corpus PATH] [--out FILE]`: validates the corpus strictly, trains with progress on
 * stderr, writes the model file and prints a summary on stdout. Warns on stderr when an installed
 * skill does not match the corpus (the start-up check of `serve` and `chat` would refuse it).
 *
 * @example
 *   socbot train --corpus corpus --out models/socbot.model.json
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('train')
    .description('validate the corpus, train the NLU model and write the model file')
    .option('--corpus <path>', 'corpus file or directory (default: SOCBOT_CORPUS or ./corpus)')
    .option('--out <file>', 'model file to write (default: SOCBOT_MODEL or ./models/socbot.model.json)')
    .action(async (options: TrainOptions) => {
      const { io } = deps;
      const config = deps.config();
      const corpusPath = path.resolve(options.corpus ?? config.corpusPath);
      const modelFile = path.resolve(options.out ?? config.modelPath);

      const corpus = deps.nlu.loadCorpus(corpusPath, { strict: true });
      const progress = createProgressReporter(io.stderr);
      const model = await deps.nlu
        .trainModel(corpus, { onProgress: (p) => progress.update(p) })
        .finally(() => progress.stop());
      await fs.mkdir(path.dirname(modelFile), { recursive: true });
      await deps.nlu.saveModel(model, modelFile);
      // The model is written either way (it is about the corpus); serve and chat would refuse it.
      const mismatch = inconsistencyError(
        checkConsistency({ skills: (await loadSkillRegistry()).skills, corpus }),
      );
      if (mismatch) {
        io.stderr.write(
          `warning [${mismatch.code}]: ${mismatch.message} \`socbot serve\` and \`socbot chat\` refuse to start until this is fixed.\n`,
        );
      }

      const { meta } = model;
      io.stdout.write(
        `Trained model for corpus "${meta.corpusName}"\n` +
          columns([
            ['intents', String(meta.intents.length)],
            ['utterances', String(meta.trainingUtterances)],
            ['train time', duration(meta.trainMs)],
            ['threshold', meta.threshold.toFixed(3)],
            ['model file', modelFile],
            ['corpus', corpusPath],
            ['corpus hash', meta.corpusHash],
          ]) +
          '\n',
      );
    });
}
