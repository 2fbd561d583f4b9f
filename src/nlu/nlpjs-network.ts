import { NeuralNetwork } from '@nlpjs/neural';
import { NONE_INTENT } from './types';

export interface NlpjsNetworkJson {
  network: unknown;
  /** The stems seen in training: the rest count as unknown words, NLP.js's evidence for `None`. */
  knownStems: string[];
}

/** NLP.js's settings for the unknown-word feature (Nlu `nonedeltaMultiplier`, `textToFeatures`). */
const NONE_FEATURE = 'nonefeature';
const NONE_DELTA_MULTIPLIER = 1.2;

/**
 * NLP.js's own single-layer network, fed the stems socbot computes, with NLP.js's "none feature":
 * every unknown word adds a growing amount to an input that is trained towards `None`. That is
 * what lets raw NLP.js say `None` for an utterance full of words it has never seen.
 */
export class NlpjsNetwork {
  private readonly known: ReadonlySet<string>;
  private readonly noneDelta: number;

  private constructor(
    private readonly network: NeuralNetworkLike,
    private readonly classes: readonly string[],
    knownStems: readonly string[],
  ) {
    this.known = new Set(knownStems);
    // As NLP.js: the first unknown word weighs intents per known feature.
    this.noneDelta = classes.length / Math.max(1, this.known.size);
  }

  /**
   * Trains NLP.js's network on stem sets. Stems are the NLP.js stemmer's output, so the network
   * sees what NLP.js's NluNeural would, minus its per-utterance async pipeline.
   */
  static train(
    examples: readonly { stems: readonly string[]; label: string }[],
    classes: readonly string[],
    iterations: number,
  ): NlpjsNetwork {
    const network = new NeuralNetwork({ iterations, log: false }) as unknown as NeuralNetworkLike;
    const corpus = examples.map((example) => ({
      input: toInput(example.stems),
      output: { [example.label]: 1 },
    }));
    // Last, as NLP.js does: the network recognises this row as the none feature's training example.
    corpus.push({ input: { [NONE_FEATURE]: 1 }, output: { [NONE_INTENT]: 1 } });
    network.train(corpus);
    const knownStems = [...new Set(examples.flatMap((example) => example.stems))];
    return new NlpjsNetwork(network, classes, knownStems);
  }

  static fromJSON(json: NlpjsNetworkJson, classes: readonly string[]): NlpjsNetwork {
    const network = new NeuralNetwork() as unknown as NeuralNetworkLike;
    network.fromJSON(json.network);
    return new NlpjsNetwork(network, classes, json.knownStems);
  }

  toJSON(): NlpjsNetworkJson {
    return { network: this.network.toJSON(), knownStems: [...this.known] };
  }

  /**
   * Scores in `classes` order and the `None` score, normalised together the way NLP.js does
   * (squared, then scaled to sum to 1). When `None` is one of `classes` its slot holds the same
   * value as `none`.
   */
  scores(stems: readonly string[]): { byClass: Float64Array; none: number } {
    const input: Record<string, number> = {};
    let noneValue = 0;
    let delta = this.noneDelta;
    for (const stem of stems) {
      if (this.known.has(stem)) {
        input[stem] = 1;
      } else {
        noneValue += delta;
        delta *= NONE_DELTA_MULTIPLIER;
      }
    }
    if (noneValue > 0) input[NONE_FEATURE] = noneValue;
    const raw = this.network.run(input) ?? {};
    const byClass = new Float64Array(this.classes.length);
    let none = (raw[NONE_INTENT] ?? 0) ** 2;
    let total = none;
    this.classes.forEach((name, c) => {
      if (name === NONE_INTENT) return;
      const value = (raw[name] ?? 0) ** 2;
      byClass[c] = value;
      total += value;
    });
    if (total > 0) {
      for (let c = 0; c < byClass.length; c += 1) byClass[c] = byClass[c]! / total;
      none /= total;
    }
    const noneIndex = this.classes.indexOf(NONE_INTENT);
    if (noneIndex >= 0) byClass[noneIndex] = none;
    return { byClass, none };
  }
}

interface NeuralNetworkLike {
  train(corpus: { input: Record<string, number>; output: Record<string, number> }[]): unknown;
  run(input: Record<string, number>): Record<string, number> | undefined;
  toJSON(): unknown;
  fromJSON(json: unknown): void;
}

function toInput(stems: readonly string[]): Record<string, number> {
  const input: Record<string, number> = {};
  for (const stem of stems) input[stem] = 1;
  return input;
}
