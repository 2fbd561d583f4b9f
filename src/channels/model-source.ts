import type { Recognizer } from '../nlu/types';

/** A model loaded from its file, with what /healthz reports about it. */
export interface LoadedModel {
  recognizer: Recognizer;
  corpusHash: string;
  /** ISO time of training. */
  trainedAt: string;
}

/**
 * Where the server's models come from: the model file, and training from the corpus when there is
 * none yet. `serve` wires it to src/nlu; tests pass a fake that loads in microseconds.
 */
export interface ModelSource {
  /** Loads and checks a model file; rejects (MODEL_INVALID, MODEL_NOT_FOUND) when it cannot be used. */
  load(file: string): Promise<LoadedModel>;
  /** Trains a model from the corpus at `corpusPath` and writes it to `file`. */
  trainAndSave(corpusPath: string, file: string): Promise<void>;
}
