/** One feature's pull in a linear model's decision. */
export interface FeatureContribution {
  /** The feature as the model keeps it: `w:phish` (a stem), `b:lost laptop` (two stems), `c:<phi` (characters). */
  readonly feature: string;
  /** The same for people: `phish`, `lost laptop`, `"phi…"` (see explain-features.ts). */
  readonly label: string;
  /**
   * How much it moved the score of the chosen intent against the runner-up: its TF-IDF value times
   * the difference of the two intents' weights. Positive: towards the chosen intent.
   */
  readonly weight: number;
}

/** Why a model scored a text as it did, computed from the linear model's weights, never invented. */
export interface Explanation {
  readonly text: string;
  /** The intent (or mail category) explained: the best in-scope one. */
  readonly intent: string;
  readonly score: number;
  /** The second best, which the contributions are measured against; absent for a one-class model. */
  readonly runnerUp?: { readonly intent: string; readonly score: number };
  /** The model's threshold (chat: the calibrated out-of-scope threshold; mail: MAIL_MODEL_THRESHOLD). */
  readonly threshold: number;
  /** Whether the model chose it: at or over the threshold and, for chat, not outweighed by `None`. */
  readonly decided: boolean;
  /**
   * Set when a chat intent at or over the threshold was not chosen because the evidence for `None`
   * (out of scope) was stronger; absent otherwise.
   */
  readonly outweighedByNone?: true;
  /** The features that weighed most for `intent` against `runnerUp`, strongest first. */
  readonly forIntent: readonly FeatureContribution[];
  /** The features that weighed most for `runnerUp`, strongest first. */
  readonly forRunnerUp: readonly FeatureContribution[];
  /**
   * The share of the score that came from NLP.js's network (0 when the model has none): the
   * contributions explain the linear model's part, and say so when there is another.
   */
  readonly networkShare: number;
}

/** What {@link Explanation} to compute: how many features each way, and the threshold to judge by. */
export interface ExplainOptions {
  /** How many features each way (default 5). */
  readonly top?: number;
  /** The threshold `decided` is judged by (default: the model's own). */
  readonly threshold?: number;
  /**
   * Explain the best of every class, `None` included, judged by the threshold alone: for a model
   * whose `None` is an answer of its own (the mail model's `other`). Default: in-scope intents only.
   */
  readonly includeNone?: boolean;
}

/** How many features each way an explanation lists by default. */
export const DEFAULT_EXPLAINED_FEATURES = 5;
