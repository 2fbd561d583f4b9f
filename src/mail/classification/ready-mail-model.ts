import { isSocbotError } from '../../errors';
import type { Corpus } from '../../nlu/corpus/types';
import { loadModel, saveModel } from '../../nlu/model-file';
import type { NluModel } from '../../nlu/nlu-model';
import { trainModel } from '../../nlu/train-model';

/** What {@link readyMailModel} tells: training starts (no model, a stale or an unusable one); the model was saved. */
export interface MailModelEvent {
  readonly kind: 'missing' | 'stale' | 'invalid' | 'saved';
  /** The sentence for a terminal or a log. */
  readonly line: string;
}

export interface ReadyMailModelOptions {
  /** The mail corpus, loaded (loadMailCorpus). */
  readonly corpus: Corpus;
  /** Where the corpus is, for the messages. */
  readonly corpusPath: string;
  /** MAIL_MODEL. */
  readonly modelPath: string;
  readonly report: (event: MailModelEvent) => void;
}

/**
 * The mail model, as `readyModel` (src/cli/ready-model.ts) readies the chat model: loaded when it
 * was trained on this corpus; trained with `trainModel` and saved when there is none, when it was
 * trained on another version of the corpus, or when the file is not a usable model. Nobody trains
 * the mail model by hand, so a damaged file is retrained rather than refused.
 *
 * @example
 *   const model = await readyMailModel({ corpus, corpusPath, modelPath, report: (e) => process.stderr.write(`${e.line}\n`) });
 */
export async function readyMailModel(options: ReadyMailModelOptions): Promise<NluModel> {
  const { corpus, corpusPath, modelPath, report } = options;
  const existing = await loadModel(modelPath).catch((error: unknown) => {
    if (isSocbotError(error, 'MODEL_NOT_FOUND')) return 'missing' as const;
    if (isSocbotError(error, 'MODEL_INVALID')) return 'invalid' as const;
    throw error;
  });
  if (typeof existing !== 'string' && existing.meta.corpusHash === corpus.hash) return existing;

  report(
    typeof existing !== 'string'
      ? {
          kind: 'stale',
          line: `The mail model at ${modelPath} was trained on another version of the mail corpus (${existing.meta.corpusHash.slice(0, 12)}…, the corpus at ${corpusPath} is ${corpus.hash.slice(0, 12)}…): retraining it…`,
        }
      : existing === 'invalid'
        ? {
            kind: 'invalid',
            line: `The file at ${modelPath} is not a usable mail model: training a new one from the mail corpus at ${corpusPath}…`,
          }
        : {
            kind: 'missing',
            line: `No mail model at ${modelPath}: training one from the mail corpus at ${corpusPath}…`,
          },
  );
  const model = await trainModel(corpus);
  await saveModel(model, modelPath);
  report({
    kind: 'saved',
    line: `Saved the mail model to ${modelPath}. It is retrained by itself when the mail corpus changes.`,
  });
  return model;
}
