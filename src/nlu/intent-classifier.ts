import { FeatureSpace, type FeatureSpaceJson } from './feature-space';
import { epochsFor, LinearClassifier, type LinearClassifierJson } from './linear-classifier';
import type { ModelSettings } from './model-settings';
import { NlpjsNetwork, type NlpjsNetworkJson } from './nlpjs-network';
import { TextFeaturizer, type AnalyzedExample } from './text-features';
import { NONE_INTENT } from './types';

export interface IntentClassifierJson {
  space: FeatureSpaceJson;
  linear: LinearClassifierJson;
  /** NLP.js's network, when it was trained (see NlpjsMemberSettings). */
  nlpjs?: NlpjsNetworkJson;
  nlpjsWeight: number;
}

/** One feature of a text and how far it moved the linear score of one class against another. */
export interface FeaturePull {
  feature: string;
  /** TF-IDF value × (weight for the class − weight for the other class). */
  weight: number;
}

/** What the linear model's weights say about a text, for one class against another. */
export interface LinearExplanation {
  /** Every feature of the text the model knows, in vector order. */
  pulls: FeaturePull[];
  /** The difference of the two classes' linear scores (logits) for the text. */
  logitMargin: number;
  /** The part of `logitMargin` no feature explains: the difference of the two biases. */
  biasMargin: number;
  /** The share of the blended score that comes from NLP.js's network (0 without it). */
  networkShare: number;
}

export interface TrainingProgress {
  phase: string;
  done: number;
  total: number;
}

/**
 * Scores an utterance against every intent: a linear classifier over NLP.js stems, stem bigrams
 * and character n-grams, blended with NLP.js's own network where the corpus is small enough to
 * train it quickly. Scores are probabilities in `classes` order.
 */
export class IntentClassifier {
  private readonly featurizer: TextFeaturizer;

  private constructor(
    private readonly settings: ModelSettings,
    private readonly space: FeatureSpace,
    private readonly linear: LinearClassifier,
    private readonly nlpjs: NlpjsNetwork | undefined,
    private readonly nlpjsWeight: number,
  ) {
    this.featurizer = new TextFeaturizer(settings.features);
  }

  get classes(): readonly string[] {
    return this.linear.classes;
  }

  /** Whether NLP.js's network is part of this classifier. */
  get usesNlpjsNetwork(): boolean {
    return this.nlpjs !== undefined;
  }

  /**
   * Trains on utterances already analysed by a `TextFeaturizer` with `settings.features`
   * (train-model analyses once and trains both the calibration and the final model from it).
   */
  static train(
    examples: readonly AnalyzedExample[],
    settings: ModelSettings,
    onProgress: (progress: TrainingProgress) => void = () => {},
  ): IntentClassifier {
    const space = FeatureSpace.fit(examples.map((e) => e.features));
    const classes = [...new Set(examples.map((e) => e.intent))].sort();
    const classIndex = new Map(classes.map((name, i) => [name, i]));
    const vectors = examples.map((e) => ({
      vector: space.vectorize(e.features).vector,
      label: classIndex.get(e.intent) ?? 0,
    }));
    const useNlpjs = settings.nlpjs.weight > 0 && examples.length <= settings.nlpjs.maxUtterances;
    const total = epochsFor(examples.length, settings.linear) + (useNlpjs ? 1 : 0);
    const linear = LinearClassifier.train(vectors, classes, space.size, settings.linear, (epoch) =>
      onProgress({ phase: 'classifier', done: epoch, total }),
    );
    let nlpjs: NlpjsNetwork | undefined;
    if (useNlpjs) {
      nlpjs = NlpjsNetwork.train(
        examples.map((e) => ({ stems: e.stems, label: e.intent })),
        classes,
        settings.nlpjs.iterations,
      );
      onProgress({ phase: 'classifier', done: total, total });
    }
    return new IntentClassifier(settings, space, linear, nlpjs, useNlpjs ? settings.nlpjs.weight : 0);
  }

  static fromJSON(json: IntentClassifierJson, settings: ModelSettings): IntentClassifier {
    const linear = LinearClassifier.fromJSON(json.linear);
    const nlpjs = json.nlpjs === undefined ? undefined : NlpjsNetwork.fromJSON(json.nlpjs, linear.classes);
    return new IntentClassifier(settings, FeatureSpace.fromJSON(json.space), linear, nlpjs, json.nlpjsWeight);
  }

  toJSON(): IntentClassifierJson {
    return {
      space: this.space.toJSON(),
      linear: this.linear.toJSON(),
      ...(this.nlpjs ? { nlpjs: this.nlpjs.toJSON() } : {}),
      nlpjsWeight: this.nlpjsWeight,
    };
  }

  /**
   * The pull of each feature of `text` towards class `chosen` against class `other` (both indices
   * in `classes`), from the linear model's real weights; without `other`, against a zero weight.
   * The pulls add up to `logitMargin − biasMargin`.
   */
  explain(text: string, chosen: number, other: number | undefined): LinearExplanation {
    const { vector } = this.space.vectorize(this.featurizer.analyze(text).features);
    const pulls: FeaturePull[] = [];
    for (let j = 0; j < vector.indices.length; j += 1) {
      const index = vector.indices[j]!;
      const [forChosen, forOther] = this.linear.featureWeights(index, chosen, other ?? chosen);
      pulls.push({
        feature: this.space.featureAt(index) ?? `#${index}`,
        weight: vector.values[j]! * (forChosen - (other === undefined ? 0 : forOther)),
      });
    }
    const logits = this.linear.logits(vector);
    const otherLogit = other === undefined ? 0 : logits[other]!;
    const otherBias = other === undefined ? 0 : this.linear.biasOf(other);
    return {
      pulls,
      logitMargin: logits[chosen]! - otherLogit,
      biasMargin: this.linear.biasOf(chosen) - otherBias,
      networkShare: this.nlpjs ? this.nlpjsWeight : 0,
    };
  }

  /**
   * Probabilities per class (in `classes` order), the evidence that the text is out of scope
   * (`none`: the `None` class where the corpus has one, plus NLP.js's unknown-word signal), and the
   * share of the text's features the model knows.
   */
  score(text: string): { probabilities: Float64Array; none: number; knownRatio: number } {
    const analyzed = this.featurizer.analyze(text);
    const { vector, knownRatio } = this.space.vectorize(analyzed.features);
    const probabilities = this.linear.predict(vector);
    const noneIndex = this.linear.classes.indexOf(NONE_INTENT);
    let none = noneIndex >= 0 ? probabilities[noneIndex]! : 0;
    if (this.nlpjs) {
      const nlpjs = this.nlpjs.scores(analyzed.stems);
      const w = this.nlpjsWeight;
      for (let c = 0; c < probabilities.length; c += 1) {
        probabilities[c] = (1 - w) * probabilities[c]! + w * nlpjs.byClass[c]!;
      }
      none = (1 - w) * none + w * nlpjs.none;
      if (noneIndex >= 0) probabilities[noneIndex] = none;
    }
    return { probabilities, none, knownRatio };
  }
}
