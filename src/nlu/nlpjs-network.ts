import { NeuralNetwork } from '@nlpjs/neural';

/** Stems in, one score per class out: NLP.js's own single-layer network, fed the stems socbot computes. */
export class NlpjsNetwork {
  private constructor(
    private readonly network: NeuralNetworkLike,
    private readonly classes: readonly string[],
  ) {}

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
    network.train(
      examples.map((example) => ({ input: toInput(example.stems), output: { [example.label]: 1 } })),
    );
    return new NlpjsNetwork(network, classes);
  }

  static fromJSON(json: unknown, classes: readonly string[]): NlpjsNetwork {
    const network = new NeuralNetwork() as unknown as NeuralNetworkLike;
    network.fromJSON(json);
    return new NlpjsNetwork(network, classes);
  }

  toJSON(): unknown {
    return this.network.toJSON();
  }

  /** Scores in `classes` order, normalised to sum to 1 the way NLP.js does (squared, then scaled). */
  scores(stems: readonly string[]): Float64Array {
    const out = new Float64Array(this.classes.length);
    const raw = this.network.run(toInput(stems)) ?? {};
    let total = 0;
    this.classes.forEach((name, c) => {
      const value = (raw[name] ?? 0) ** 2;
      out[c] = value;
      total += value;
    });
    if (total > 0) for (let c = 0; c < out.length; c += 1) out[c] = (out[c] ?? 0) / total;
    return out;
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
