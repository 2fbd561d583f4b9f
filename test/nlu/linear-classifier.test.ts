import { FeatureSpace } from '../../src/nlu/feature-space';
import { DEFAULT_LINEAR_SETTINGS, epochsFor, LinearClassifier } from '../../src/nlu/linear-classifier';

const training: [string[], string][] = [
  [['w:block', 'w:host'], 'inform'],
  [['w:block', 'w:terminal'], 'inform'],
  [['w:notify', 'w:basis'], 'inform'],
  [['w:register', 'w:alert'], 'alert'],
  [['w:open', 'w:alert'], 'alert'],
  [['w:new', 'w:alert', 'w:ticket'], 'alert'],
  [['w:hello'], 'greeting'],
  [['w:hi', 'w:there'], 'greeting'],
];

function fixture(seed = 7): { space: FeatureSpace; classes: string[]; model: LinearClassifier } {
  const space = FeatureSpace.fit(training.map(([f]) => f));
  const classes = ['alert', 'greeting', 'inform'];
  const examples = training.map(([f, label]) => ({
    vector: space.vectorize(f).vector,
    label: classes.indexOf(label),
  }));
  return {
    space,
    classes,
    model: LinearClassifier.train(examples, classes, space.size, { ...DEFAULT_LINEAR_SETTINGS, seed }),
  };
}

function best(model: LinearClassifier, probabilities: Float64Array): string {
  let top = 0;
  probabilities.forEach((p, i) => {
    if (p > (probabilities[top] ?? 0)) top = i;
  });
  return model.classes[top] ?? '';
}

describe('LinearClassifier', () => {
  it('learns to separate intents by their words', () => {
    const { space, model } = fixture();
    expect(best(model, model.predict(space.vectorize(['w:block', 'w:user']).vector))).toBe('inform');
    expect(best(model, model.predict(space.vectorize(['w:alert']).vector))).toBe('alert');
    expect(best(model, model.predict(space.vectorize(['w:hello', 'w:there']).vector))).toBe('greeting');
  });

  it('returns a probability distribution', () => {
    const { space, model } = fixture();
    const p = model.predict(space.vectorize(['w:register', 'w:alert']).vector);
    expect(Array.from(p).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    expect(Math.max(...p)).toBeGreaterThan(0.5);
  });

  it('is deterministic for a seed', () => {
    const a = fixture(3);
    const b = fixture(3);
    const v = a.space.vectorize(['w:notify', 'w:alert']).vector;
    expect(Array.from(b.model.predict(v))).toEqual(Array.from(a.model.predict(v)));
  });

  it('round-trips through JSON with identical predictions', () => {
    const { space, model } = fixture();
    const restored = LinearClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const v = space.vectorize(['w:block', 'w:alert']).vector;
    expect(Array.from(restored.predict(v))).toEqual(Array.from(model.predict(v)));
  });

  it('rejects serialised weights of the wrong size', () => {
    const json = fixture().model.toJSON();
    expect(() => LinearClassifier.fromJSON({ ...json, numFeatures: json.numFeatures + 1 })).toThrow(
      /expected/,
    );
  });

  it('gives small corpora enough epochs to reach the minimum number of updates', () => {
    expect(epochsFor(100, { ...DEFAULT_LINEAR_SETTINGS, epochs: 12, minUpdates: 20000 })).toBe(200);
    expect(epochsFor(15000, { ...DEFAULT_LINEAR_SETTINGS, epochs: 12, minUpdates: 20000 })).toBe(12);
  });
});
