import { FeatureSpace } from '../../src/nlu/feature-space';

describe('FeatureSpace', () => {
  const space = FeatureSpace.fit([['w:block', 'w:host'], ['w:block', 'w:user'], ['w:hello']]);

  it('indexes every training feature once', () => {
    expect(space.size).toBe(4);
  });

  it('produces L2-normalised vectors', () => {
    const { vector } = space.vectorize(['w:block', 'w:host', 'w:host']);
    const norm = Math.sqrt(Array.from(vector.values).reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(vector.indices.length).toBe(2);
  });

  it('weights rare features above common ones (IDF)', () => {
    const { vector } = space.vectorize(['w:block', 'w:host']);
    const [blockWeight, hostWeight] = Array.from(vector.values);
    expect(hostWeight).toBeGreaterThan(blockWeight as number);
  });

  it('reports the share of known features and ignores unknown ones', () => {
    const { vector, knownRatio } = space.vectorize(['w:block', 'w:weather', 'w:sunny', 'w:today']);
    expect(knownRatio).toBeCloseTo(0.25);
    expect(vector.indices.length).toBe(1);
    expect(space.vectorize([]).knownRatio).toBe(0);
  });

  it('round-trips through JSON with the same vectors', () => {
    const restored = FeatureSpace.fromJSON(JSON.parse(JSON.stringify(space.toJSON())));
    const a = space.vectorize(['w:block', 'w:user']).vector;
    const b = restored.vectorize(['w:block', 'w:user']).vector;
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    Array.from(a.values).forEach((v, i) => expect(b.values[i]).toBeCloseTo(v, 3));
  });
});
