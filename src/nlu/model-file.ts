import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SocbotError } from '../errors';
import { MODEL_FORMAT_VERSION } from './model-meta';
import { NluModel, type NluModelJson } from './nlu-model';

/**
 * Writes a model atomically (temp file + rename), so a running server that watches the file never
 * reads half a model.
 *
 * @example
 *   await saveModel(await trainModel(loadCorpus('corpus')), 'models/socbot.model.json');
 */
export async function saveModel(model: NluModel, file: string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(temp, JSON.stringify(model.toJSON()));
  await fs.rename(temp, file);
}

// Checks the shape a loader relies on; the classifier's own arrays are checked as they are rebuilt.
const ModelFileSchema = z.object({
  meta: z
    .object({
      formatVersion: z.number(),
      corpusHash: z.string(),
      threshold: z.number(),
      intents: z.array(z.string()).min(1),
      settings: z.object({ features: z.object({}).passthrough() }).passthrough(),
    })
    .passthrough(),
  entities: z.record(z.string(), z.unknown()),
  classifier: z
    .object({
      space: z.object({ features: z.array(z.string()), idf: z.array(z.number()) }),
      linear: z.object({
        classes: z.array(z.string()),
        numFeatures: z.number(),
        weights: z.string(),
        scales: z.string(),
        bias: z.array(z.number()),
      }),
      nlpjsWeight: z.number(),
    })
    .passthrough(),
});

/**
 * Loads a model written by `saveModel`. Throws MODEL_NOT_FOUND when there is no file and
 * MODEL_INVALID when it is not a socbot model of this format; both say to run `socbot train`.
 */
export async function loadModel(file: string): Promise<NluModel> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SocbotError(
        'MODEL_NOT_FOUND',
        `No model at ${file}. Create one with \`socbot train --out ${file}\` (or set SOCBOT_MODEL to an existing model).`,
        { file },
      );
    }
    throw error;
  }
  const invalid = (reason: string, cause?: unknown): SocbotError =>
    new SocbotError(
      'MODEL_INVALID',
      `${file} is not a usable socbot model (${reason}). Retrain it with \`socbot train --out ${file}\`.`,
      { file, reason },
      { cause },
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid('not valid JSON: the file is damaged or was cut short', error);
  }
  const parsed = ModelFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw invalid(
      `unexpected content at ${first?.path.join('.') || 'top level'}: ${first?.message ?? 'shape mismatch'}`,
    );
  }
  if (parsed.data.meta.formatVersion !== MODEL_FORMAT_VERSION) {
    throw invalid(
      `format version ${parsed.data.meta.formatVersion}, this socbot reads version ${MODEL_FORMAT_VERSION}`,
    );
  }
  try {
    return NluModel.fromJSON(parsed.data as unknown as NluModelJson);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error), error);
  }
}
