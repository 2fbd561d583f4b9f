/**
 * The corpus as socbot sees it: the NLP.js corpus format ({ name, locale, data: [{ intent,
 * utterances }] , entities }) plus held-out `tests` per intent. Intent `None` holds out-of-scope
 * examples (training negatives and held-out out-of-scope test phrases).
 */

export interface CorpusIntent {
  intent: string;
  utterances: string[];
  /** Held-out test phrases: never trained on. */
  tests: string[];
  /**
   * Intents whose statements an utterance of this intent may carry along without changing its
   * meaning: "log alert 5120, the user was JSMITH" is still `alert`, though "the user was JSMITH"
   * alone is `username`. Training composes such utterances (see compound-examples).
   */
  carries?: string[];
  /** The file the intent was read from (for error messages). */
  file: string;
}

/** An NLP.js-style entity definition: regular expressions and/or enumerated options with synonyms. */
export interface EntityDefinition {
  regex?: string[];
  options?: Record<string, string[]>;
}

export interface Corpus {
  name: string;
  locale: string;
  intents: CorpusIntent[];
  entities: Record<string, EntityDefinition>;
  /** The files read, in order. */
  files: string[];
  /** Which file defined each entity (for validator messages); set by `loadCorpus`. */
  entityFiles?: Record<string, string>;
  /** sha256 over the normalised content of every file: recorded in a model to tell when it is stale. */
  hash: string;
  /**
   * Validation issues that were tolerated because the corpus was loaded with `strict: false`
   * (public benchmark corpora contain duplicates). `loadCorpus` always sets it; empty when strict.
   */
  warnings?: CorpusIssue[];
}

/** One labelled utterance of a training or test set. */
export interface LabeledUtterance {
  utterance: string;
  intent: string;
}

/** A problem found by the validator, with where it is. */
export interface CorpusIssue {
  file: string;
  intent?: string;
  utterance?: string;
  message: string;
}
