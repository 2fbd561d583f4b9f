import { crossValidatedMetrics } from '../../../src/nlu/evaluation/cross-validated-metrics';
import type { ScoredPrediction } from '../../../src/nlu/evaluation/metrics';

const item = (gold: string, predicted: string): ScoredPrediction => ({
  text: gold,
  gold,
  predicted,
  score: 1,
});

describe('crossValidatedMetrics', () => {
  const fold1 = [item('a', 'a'), item('a', 'b')];
  const fold2 = [item('a', 'a'), item('b', 'b'), item('None', 'None')];

  it('averages the headline numbers over the folds', () => {
    const metrics = crossValidatedMetrics([fold1, fold2]);
    // Fold accuracies 1/2 and 1: the mean is 3/4, not the pooled 4/5.
    expect(metrics.accuracy).toBeCloseTo(0.75);
    // Only fold 2 has None items: the mean ignores the fold without any.
    expect(metrics.oosRecall).toBe(1);
    expect(metrics.oosFalseAcceptRate).toBe(0);
    expect(metrics.folds.map((f) => f.count)).toEqual([2, 3]);
  });

  it('pools per-intent numbers and misclassified items over all folds', () => {
    const metrics = crossValidatedMetrics([fold1, fold2]);
    expect(metrics.count).toBe(5);
    expect(metrics.perIntent.a).toMatchObject({ support: 3, correct: 2 });
    expect(metrics.misclassified).toEqual([item('a', 'b')]);
  });
});
