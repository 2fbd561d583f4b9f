import type { Config } from '../config';
import type { Corpus, LabeledUtterance } from '../nlu/corpus/types';
import type { Recognizer } from '../nlu/types';
import type { CliIo } from './cli-io';

/** What the CLI reads from a model's metadata (a subset of the model file's ModelMeta). */
export interface ModelSummary {
  readonly corpusName: string;
  readonly corpusHash: string;
  readonly intents: readonly string[];
  readonly trainingUtterances: number;
  readonly trainMs: number;
  readonly threshold: number;
}

/** A trained recognizer with its metadata, as the CLI sees it. */
export interface TrainedModel extends Recognizer {
  readonly meta: ModelSummary;
}

/** One training progress report: `done` of `total` steps of `phase`. */
export interface TrainingProgress {
  phase: string;
  done: number;
  total: number;
}

/**
 * The NLU functions the commands call. Injected so command tests can run with a fake recognizer
 * in milliseconds; `defaultNluServices()` wires the real corpus loader, trainer and model file.
 */
export interface NluServices {
  loadCorpus(path: string, options?: { strict?: boolean }): Corpus;
  trainingSet(corpus: Corpus): LabeledUtterance[];
  heldOutSet(corpus: Corpus): LabeledUtterance[];
  loadTestSet(path: string): LabeledUtterance[];
  trainModel(
    corpus: Corpus,
    options?: { onProgress?: (progress: TrainingProgress) => void },
  ): Promise<TrainedModel>;
  saveModel(model: TrainedModel, file: string): Promise<void>;
  loadModel(file: string): Promise<TrainedModel>;
}

/** Everything a command depends on: passed to each command's `register(program, deps)`. */
export interface CliDeps {
  io: CliIo;
  nlu: NluServices;
  /** The environment: read by `loadConfig` once, and for USER and SOCBOT_DEBUG (not settings). */
  env: NodeJS.ProcessEnv;
  /**
   * The configuration, loaded from `env` and validated on the first call, the same object after
   * (commands that need none, such as `--help`, never fail on a bad variable).
   */
  config: () => Config;
  /** The clock, for report timestamps. */
  now: () => Date;
}
