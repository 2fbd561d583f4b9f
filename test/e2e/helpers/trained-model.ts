import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../../../src/nlu/corpus/load-corpus';
import { saveModel } from '../../../src/nlu/model-file';
import { trainModel } from '../../../src/nlu/train-model';

/** The project corpus. */
export const PROJECT_CORPUS = path.resolve(__dirname, '../../../corpus');

/**
 * Trains the real model from the project corpus (about a second) into a fresh temp dir and returns
 * the model file, for a test file's beforeAll.
 */
export async function trainProjectModel(): Promise<{ dir: string; modelPath: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'socbot-e2e-'));
  const modelPath = path.join(dir, 'models', 'socbot.model.json');
  await saveModel(await trainModel(loadCorpus(PROJECT_CORPUS, { strict: true })), modelPath);
  return { dir, modelPath };
}
