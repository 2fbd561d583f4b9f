import { computeMetrics, type ScoredPrediction } from '../../../src/nlu/evaluation/metrics';

function item(gold: string, predicted: string, score = 0.5): ScoredPrediction {
  return { text: `${gold}->${predicted}`, gold, predicted, score };
}

describe('computeMetrics', () => {
  // Hand-computed: a: P 2/3 R 2/3; b: P 1/2 R 1/2; None: P 1/2 R 1/2.
  const mixed = [
    item('a', 'a'),
    item('a', 'a'),
    item('a', 'b'),
    item('b', 'b'),
    item('b', 'None'),
    item('None', 'None'),
    item('None', 'a'),
  ];

  it('counts accuracy over all items, a None item being right only when predicted None', () => {
    const metrics = computeMetrics(mixed);
    expect(metrics.count).toBe(7);
    expect(metrics.accuracy).toBeCloseTo(4 / 7);
    expect(metrics.inScopeAccuracy).toBeCloseTo(3 / 5);
  });

  it('computes out-of-scope recall, false accepts and in-scope rejects', () => {
    const metrics = computeMetrics(mixed);
    expect(metrics.oosRecall).toBeCloseTo(1 / 2);
    expect(metrics.oosFalseAcceptRate).toBeCloseTo(1 / 2);
    expect(metrics.inScopeRejectRate).toBeCloseTo(1 / 5);
  });

  it('computes precision, recall and F1 per intent, None included', () => {
    const { perIntent } = computeMetrics(mixed);
    expect(perIntent.a).toEqual({
      precision: expect.closeTo(2 / 3),
      recall: expect.closeTo(2 / 3),
      f1: expect.closeTo(2 / 3),
      support: 3,
      correct: 2,
    });
    expect(perIntent.b).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2, correct: 1 });
    expect(perIntent.None).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2, correct: 1 });
  });

  it('averages F1 over the gold intents present for macro-F1', () => {
    expect(computeMetrics(mixed).macroF1).toBeCloseTo((2 / 3 + 1 / 2 + 1 / 2) / 3);
  });

  it('takes the harmonic mean when precision and recall differ, and ignores predicted-only intents in macro-F1', () => {
    // c: predicted c once and right (P = 1), found 1 of 2 (R = 1/2) → F1 = 2·1·0.5 / 1.5 = 2/3.
    const metrics = computeMetrics([item('c', 'c'), item('c', 'd')]);
    expect(metrics.perIntent.c?.f1).toBeCloseTo(2 / 3);
    expect(metrics.perIntent.d).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(metrics.macroF1).toBeCloseTo(2 / 3);
  });

  it('reports null out-of-scope rates when the test has no None items', () => {
    const metrics = computeMetrics([item('a', 'a'), item('b', 'None')]);
    expect(metrics.oosRecall).toBeNull();
    expect(metrics.oosFalseAcceptRate).toBeNull();
    expect(metrics.inScopeAccuracy).toBe(0.5);
  });

  it('reports null in-scope rates when the test has only None items', () => {
    const metrics = computeMetrics([item('None', 'None'), item('None', 'a')]);
    expect(metrics.inScopeAccuracy).toBeNull();
    expect(metrics.inScopeRejectRate).toBeNull();
    expect(metrics.oosRecall).toBe(0.5);
  });

  it('lists confusions most frequent first and the misclassified items in test order', () => {
    const metrics = computeMetrics([item('a', 'b'), item('c', 'a'), item('c', 'a'), item('a', 'a')]);
    expect(metrics.confusions).toEqual([
      { gold: 'c', predicted: 'a', count: 2 },
      { gold: 'a', predicted: 'b', count: 1 },
    ]);
    expect(metrics.misclassified.map((p) => p.text)).toEqual(['a->b', 'c->a', 'c->a']);
  });

  it('gives zeros, not NaN, for an empty test', () => {
    const metrics = computeMetrics([]);
    expect(metrics).toMatchObject({
      count: 0,
      accuracy: 0,
      macroF1: 0,
      oosRecall: null,
      inScopeAccuracy: null,
    });
  });
});
