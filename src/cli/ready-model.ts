import { checkConsistency, assertConsistent } from '../app/consistency-check';
import { isSocbotError } from '../errors';
import { loadSkillRegistry } from '../skills/skill-registry';
import type { NluServices, TrainedModel } from './cli-deps';

/** What {@link readyModel} tells: training starts because there is no model or it is stale; the model was saved. */
export interface ModelEvent {
  readonly kind: 'missing' | 'stale' | 'saved';
  readonly line: string;
}

/** Where the model, the corpus and the skills are, and where to say what happened. */
export interface ReadyModelOptions {
  readonly nlu: NluServices;
  readonly modelPath: string;
  readonly corpusPath: string;
  /** Default: the installation's skills/ folder. */
  readonly skillsDir?: string | undefined;
  /** Tells the operator that a model is being trained, and why (`line` is the sentence for a terminal). */
  readonly report: (event: ModelEvent) => void;
}

/**
 * What `serve` and `chat` do before the bot answers: the start-up consistency check
 * (app/consistency-check.ts) over the skills and the corpus, which stops with SKILLS_INCONSISTENT
 * naming skill, intent and file; then the model: loaded when it was trained on this corpus,
 * trained and saved when there is none or when it was trained on an older corpus (a stale model
 * would answer with intents the corpus no longer has, or miss new ones).
 *
 * @example
 *   const model = await readyModel({ nlu, modelPath, corpusPath, report: (event) => io.stderr.write(`${event.line}\n`) });
 */
export async function readyModel(options: ReadyModelOptions): Promise<TrainedModel> {
  const { nlu, modelPath, corpusPath, report } = options;
  const corpus = nlu.loadCorpus(corpusPath, { strict: true });
  const skills = await loadSkillRegistry(options.skillsDir);
  const existing = await nlu.loadModel(modelPath).catch((error: unknown) => {
    if (isSocbotError(error, 'MODEL_NOT_FOUND')) return undefined;
    throw error;
  });
  const check = checkConsistency({ skills: skills.skills, corpus, model: existing?.meta });
  assertConsistent(check);
  if (existing && check.model === 'current') return existing;

  report({
    kind: check.model === 'stale' ? 'stale' : 'missing',
    line:
      check.model === 'stale'
        ? `The model at ${modelPath} was trained on another version of the corpus (${existing?.meta.corpusHash.slice(0, 12) ?? '?'}…, the corpus at ${corpusPath} is ${corpus.hash.slice(0, 12)}…): retraining it…`
        : `No model at ${modelPath}: training one from the corpus at ${corpusPath}…`,
  });
  const model = await nlu.trainModel(corpus);
  await nlu.saveModel(model, modelPath);
  report({
    kind: 'saved',
    line: `Saved the model to ${modelPath}. Retrain with \`socbot train\` after changing the corpus.`,
  });
  return model;
}
