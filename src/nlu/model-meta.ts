import type { ModelSettings } from './model-settings';

/** What a model file records about how it was made: enough to tell when it is stale and to reproduce it. */
export interface ModelMeta {
  formatVersion: number;
  corpusName: string;
  corpusHash: string;
  locale: string;
  settings: ModelSettings;
  intents: string[];
  trainingUtterances: number;
  trainMs: number;
  trainedAt: string;
  /** Calibrated out-of-scope threshold on the best in-scope score. */
  threshold: number;
  /** Whether NLP.js's network is blended in, and why not when it is not. */
  nlpjsNetwork: 'used' | 'off' | 'skipped: corpus too large';
}

/** 2: int8 weights with per-feature scales, NLP.js member with its none feature. */
export const MODEL_FORMAT_VERSION = 2;
