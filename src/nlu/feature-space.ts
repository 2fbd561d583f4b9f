import type { SparseVector } from './sparse-vector';

/** The serialised vocabulary: feature strings in index order and their inverse document frequencies. */
export interface FeatureSpaceJson {
  features: string[];
  idf: number[];
}

/**
 * Maps feature strings to indices learned from the training set, weighted by sublinear TF-IDF and
 * L2-normalised, so long utterances and very common words do not dominate.
 */
export class FeatureSpace {
  private constructor(
    private readonly index: Map<string, number>,
    private readonly idf: Float32Array,
  ) {}

  /** The feature strings in index order, built on the first explanation (scoring never needs them). */
  private names: string[] | undefined;

  get size(): number {
    return this.idf.length;
  }

  /** Learns the vocabulary and IDF from the training documents' features. */
  static fit(documents: readonly string[][]): FeatureSpace {
    const documentFrequency = new Map<string, number>();
    for (const features of documents) {
      for (const feature of new Set(features))
        documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
    }
    const index = new Map<string, number>();
    const idf = new Float32Array(documentFrequency.size);
    const total = documents.length;
    for (const [feature, df] of documentFrequency) {
      const i = index.size;
      index.set(feature, i);
      idf[i] = Math.log((1 + total) / (1 + df)) + 1;
    }
    return new FeatureSpace(index, idf);
  }

  static fromJSON(json: FeatureSpaceJson): FeatureSpace {
    const index = new Map<string, number>();
    json.features.forEach((feature, i) => index.set(feature, i));
    return new FeatureSpace(index, Float32Array.from(json.idf));
  }

  toJSON(): FeatureSpaceJson {
    return { features: [...this.index.keys()], idf: Array.from(this.idf, (v) => Math.round(v * 1e4) / 1e4) };
  }

  /** The feature string of an index (`w:phish`), or undefined outside the vocabulary. */
  featureAt(index: number): string | undefined {
    this.names ??= [...this.index.keys()];
    return this.names[index];
  }

  /** Vectorises features; unknown features are counted separately as a sign of an out-of-scope utterance. */
  vectorize(features: readonly string[]): { vector: SparseVector; knownRatio: number } {
    const counts = new Map<number, number>();
    let known = 0;
    for (const feature of features) {
      const i = this.index.get(feature);
      if (i === undefined) continue;
      known += 1;
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const indices = new Int32Array(counts.size);
    const values = new Float32Array(counts.size);
    let norm = 0;
    let k = 0;
    for (const [i, count] of counts) {
      const value = (1 + Math.log(count)) * (this.idf[i] ?? 0);
      indices[k] = i;
      values[k] = value;
      norm += value * value;
      k += 1;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < values.length; j += 1) values[j] = (values[j] ?? 0) / norm;
    return { vector: { indices, values }, knownRatio: features.length ? known / features.length : 0 };
  }
}
