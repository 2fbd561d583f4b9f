import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger';
import type { ModelSource } from './model-source';
import { ReloadingRecognizer } from './reloading-recognizer';

/**
 * The recognizer a server starts with: the model at `modelPath`, trained from `corpusPath` and
 * saved there first when no model file exists yet (so a fresh checkout serves without a manual
 * `socbot train`). Then it follows the file for hot reloads.
 *
 * @example
 *   const recognizer = await openRecognizer({ modelPath, corpusPath, models, logger });
 */
export async function openRecognizer(options: {
  modelPath: string;
  corpusPath: string;
  models: ModelSource;
  logger: Logger;
}): Promise<ReloadingRecognizer> {
  const { modelPath, corpusPath, models, logger } = options;
  await mkdir(path.dirname(modelPath), { recursive: true });
  if (!(await exists(modelPath))) {
    logger.info({ modelPath, corpusPath }, 'no model file yet: training one from the corpus');
    const started = Date.now();
    await models.trainAndSave(corpusPath, modelPath);
    logger.info({ modelPath, ms: Date.now() - started }, 'model trained and saved');
  }
  const recognizer = await ReloadingRecognizer.open({ file: modelPath, models, logger });
  logger.info({ modelPath, model: recognizer.modelInfo }, 'model loaded');
  return recognizer;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
