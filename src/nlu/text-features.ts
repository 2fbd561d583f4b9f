import { NormalizerEn, StemmerEn, TokenizerEn } from '@nlpjs/lang-en-min';

/** Which sparse features the featurizer emits. Recorded in the model so loading rebuilds the same features. */
export interface FeatureSettings {
  /** Word n-grams over NLP.js stems, 1 = unigrams only, 2 = plus bigrams. */
  wordNgrams: number;
  /** Character n-grams inside each word (with boundary marks), which makes typos and inflections overlap. */
  charNgramMin: number;
  charNgramMax: number;
}

export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = { wordNgrams: 2, charNgramMin: 3, charNgramMax: 5 };

/** A training utterance after analysis: its intent, its NLP.js stems and its features. */
export interface AnalyzedExample {
  intent: string;
  stems: string[];
  features: string[];
}

/** Tokens that stand for an extracted entity ("@terminal") are kept whole: they carry the entity type, not its letters. */
const PLACEHOLDER = /^@[a-z]+$/i;

/**
 * Turns an utterance into feature strings with NLP.js's English normalizer, tokenizer and stemmer,
 * so socbot's classifier sees the same words as NLP.js's own network.
 *
 * @example
 *   new TextFeaturizer().features('Register alert 4711') // ['w:regist', 'w:alert', 'w:0000', 'b:regist alert', 'c:<r', ...]
 */
export class TextFeaturizer {
  private readonly normalizer = new NormalizerEn();
  private readonly tokenizer = new TokenizerEn();
  private readonly stemmer = new StemmerEn();

  constructor(readonly settings: FeatureSettings = DEFAULT_FEATURE_SETTINGS) {}

  /** The normalised tokens of a text (lower case, no accents, split as NLP.js splits). */
  tokens(text: string): string[] {
    return this.tokenizer.tokenize(this.normalizer.normalize(text)).map(shapeDigits);
  }

  /** Stems (NLP.js's features) and socbot's richer feature set, from one pass over the text. */
  analyze(text: string): { stems: string[]; features: string[] } {
    const tokens = this.tokens(text);
    const stems = tokens.map((token) => (PLACEHOLDER.test(token) ? token : this.stemmer.stemWord(token)));
    const features: string[] = [];
    for (const stem of stems) features.push(`w:${stem}`);
    if (this.settings.wordNgrams >= 2) {
      const padded = ['<s>', ...stems, '</s>'];
      for (let i = 0; i + 1 < padded.length; i += 1) features.push(`b:${padded[i]} ${padded[i + 1]}`);
    }
    for (const token of tokens) {
      if (PLACEHOLDER.test(token)) continue;
      this.pushCharNgrams(`<${token}>`, features);
    }
    return { stems, features };
  }

  features(text: string): string[] {
    return this.analyze(text).features;
  }

  private pushCharNgrams(word: string, out: string[]): void {
    const { charNgramMin, charNgramMax } = this.settings;
    for (let n = charNgramMin; n <= charNgramMax; n += 1) {
      for (let i = 0; i + n <= word.length; i += 1) out.push(`c:${word.slice(i, i + n)}`);
    }
  }
}

/** Alert IDs and host numbers differ in every utterance; their shape ("0000") is what generalises. */
function shapeDigits(token: string): string {
  return token.replace(/[0-9]/g, '0');
}
