// NLP.js 4 ships no types; these declare only what src/nlu/ uses.
declare module '@nlpjs/core' {
  export class Container {
    constructor(hasPrefix?: boolean);
    use(plugin: unknown): void;
    get(name: string): unknown;
    register(name: string, value: unknown, isSingleton?: boolean): void;
  }
  export function containerBootstrap(
    settings?: Record<string, unknown>,
    mustLoadEnv?: boolean,
  ): Promise<Container>;
  export class Normalizer {}
}
declare module '@nlpjs/lang-en-min' {
  export class LangEn {}
  export class NormalizerEn {
    normalize(text: string): string;
  }
  export class TokenizerEn {
    tokenize(text: string, normalize?: boolean): string[];
  }
  export class StemmerEn {
    stem(tokens: string[]): string[];
    stemWord(word: string): string;
  }
  export class StopwordsEn {}
}
declare module '@nlpjs/nlu' {
  export interface NluClassification {
    intent: string;
    score: number;
  }
  export interface NluProcessResult {
    classifications: NluClassification[];
  }
  export class NluNeural {
    constructor(settings?: Record<string, unknown>, container?: unknown);
    train(
      corpus: Array<{ utterance: string; intent: string }>,
      settings?: Record<string, unknown>,
    ): Promise<unknown>;
    process(utterance: string, settings?: Record<string, unknown>): Promise<NluProcessResult>;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
}
declare module '@nlpjs/ner' {
  export interface NerEntity {
    start: number;
    end: number;
    len: number;
    accuracy: number;
    sourceText: string;
    utteranceText: string;
    entity: string;
    type: string;
    option?: string;
  }
  /** One option of an enum rule and its synonyms, as `addRuleOptionTexts` stores them. */
  export interface EnumRuleOption {
    option: string;
    texts: string[];
  }
  export interface EnumRule {
    rules: EnumRuleOption[];
    dict?: Record<string, EnumRuleOption[]>;
    inverseDict?: Record<string, string>;
  }
  /** The `extract-enum` pipeline step; registered in a container under its `name`. */
  export class ExtractorEnum {
    constructor(container?: unknown);
    name: string;
    normalize(text: string): string;
    buildRuleDict(rule: EnumRule): void;
  }
  export class Ner {
    constructor(settings?: Record<string, unknown>, container?: unknown);
    addRegexRule(locale: string, name: string, regex: RegExp | string): void;
    addRuleOptionTexts(locale: string, name: string, option: string, texts: string | string[]): void;
    process(input: {
      locale: string;
      text: string;
      entities?: NerEntity[];
    }): Promise<{ entities: NerEntity[] }>;
  }
}
declare module '@nlpjs/neural' {
  export class NeuralNetwork {
    constructor(settings?: Record<string, unknown>);
  }
}
declare module '@nlpjs/nlp' {
  export class Nlp {
    constructor(settings?: Record<string, unknown>, container?: unknown);
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    process(locale: string, utterance: string): Promise<{ intent: string; score: number }>;
  }
}
