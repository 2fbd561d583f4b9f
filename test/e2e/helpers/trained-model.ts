import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../../../src/nlu/corpus/load-corpus';
import { saveModel } from '../../../src/nlu/model-file';
import { trainModel } from '../../../src/nlu/train-model';

/** The project corpus. */
export const PROJECT_CORPUS = path.resolve(__dirname, '../../../corpus');

/** Where jest's global set-up saved the project model it trained once for the run (test/global-setup.ts). */
export const PROJECT_MODEL_ENV = 'SOCBOT_TEST_PROJECT_MODEL';

/** Trains the real model from the project corpus (a few seconds) and saves it to `modelPath`. */
export async function saveProjectModel(modelPath: string): Promise<void> {
  await saveModel(await trainModel(loadCorpus(PROJECT_CORPUS, { strict: true })), modelPath);
}

/**
 * The real model of the project corpus in a fresh temp dir (the test may write there), for a test
 * file's beforeAll: a copy of the one the run's global set-up trained, so 25 test files do not
 * train the same model each; trained here when there is none (a set-up that could not train it,
 * a test run on its own without jest's global set-up).
 */
export async function trainProjectModel(): Promise<{ dir: string; modelPath: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'socbot-e2e-'));
  const modelPath = path.join(dir, 'models', 'socbot.model.json');
  const trained = process.env[PROJECT_MODEL_ENV];
  if (trained !== undefined && existsSync(trained)) {
    await mkdir(path.dirname(modelPath), { recursive: true });
    await copyFile(trained, modelPath);
  } else {
    await saveProjectModel(modelPath);
  }
  return { dir, modelPath };
}
