import { DEFAULT_LINEAR_SETTINGS, type LinearTrainingSettings } from './linear-classifier';
import { DEFAULT_FEATURE_SETTINGS, type FeatureSettings } from './text-features';

/** NLP.js's own neural network as a second model next to the linear classifier. */
export interface NlpjsMemberSettings {
  /** Share of NLP.js's scores in the combined score (0 turns the member off). */
  weight: number;
  /** Training iterations of NLP.js's network (its default of 20,000 is what makes it slow). */
  iterations: number;
  /**
   * NLP.js's network trains every intent's perceptron over every utterance per iteration; above
   * this many training utterances it would break the training-time budget, so it is left out.
   */
  maxUtterances: number;
}

export interface CalibrationSettings {
  /** Share of each intent's training utterances held out to calibrate the out-of-scope threshold. */
  heldOutFraction: number;
  /** Share of held-out in-scope utterances the threshold may reject (the quantile it is set at). */
  inScopeRejectRate: number;
  /** Bounds on the threshold, so a tiny or odd corpus cannot produce a useless one. */
  minThreshold: number;
  maxThreshold: number;
  /** Upper bound of a threshold set by quantile alone (a corpus without `None` examples). */
  maxQuantileThreshold: number;
  /** Share of the final model's epochs the calibration model trains: calibration doubles training otherwise. */
  epochShare: number;
}

export interface ModelSettings {
  features: FeatureSettings;
  linear: LinearTrainingSettings;
  nlpjs: NlpjsMemberSettings;
  calibration: CalibrationSettings;
  /** Train on each intent's name as one more example utterance (see intent-name-examples). */
  intentNameExamples: boolean;
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = {
  features: DEFAULT_FEATURE_SETTINGS,
  linear: DEFAULT_LINEAR_SETTINGS,
  nlpjs: { weight: 0.2, iterations: 300, maxUtterances: 3000 },
  calibration: {
    heldOutFraction: 0.15,
    inScopeRejectRate: 0.02,
    minThreshold: 0.05,
    maxThreshold: 0.6,
    maxQuantileThreshold: 0.3,
    epochShare: 0.5,
  },
  intentNameExamples: true,
};

/** Deep-merges partial settings over the defaults. */
export function resolveSettings(partial: DeepPartial<ModelSettings> = {}): ModelSettings {
  return {
    features: { ...DEFAULT_MODEL_SETTINGS.features, ...partial.features },
    linear: { ...DEFAULT_MODEL_SETTINGS.linear, ...partial.linear },
    nlpjs: { ...DEFAULT_MODEL_SETTINGS.nlpjs, ...partial.nlpjs },
    calibration: { ...DEFAULT_MODEL_SETTINGS.calibration, ...partial.calibration },
    intentNameExamples: partial.intentNameExamples ?? DEFAULT_MODEL_SETTINGS.intentNameExamples,
  };
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };
