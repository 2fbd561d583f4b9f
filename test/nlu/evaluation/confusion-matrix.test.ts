import {
  confusionMatrix,
  confusionPairs,
  labelsWithErrors,
} from '../../../src/nlu/evaluation/confusion-matrix';

describe('confusion matrix', () => {
  const items = [
    { gold: 'b', predicted: 'b' },
    { gold: 'b', predicted: 'a' },
    { gold: 'a', predicted: 'a' },
    { gold: 'a', predicted: 'a' },
    { gold: 'c', predicted: 'c' },
  ];

  it('counts gold rows against predicted columns over sorted labels', () => {
    expect(confusionMatrix(items)).toEqual({
      labels: ['a', 'b', 'c'],
      counts: [
        [2, 0, 0],
        [1, 1, 0],
        [0, 0, 1],
      ],
    });
  });

  it('restricts the matrix to the given labels', () => {
    expect(confusionMatrix(items, ['a', 'b']).counts).toEqual([
      [2, 0],
      [1, 1],
    ]);
  });

  it('lists only the labels involved in an error', () => {
    expect(labelsWithErrors(items)).toEqual(['a', 'b']);
  });

  it('orders pairs by count, then names, so the order is stable', () => {
    const pairs = confusionPairs([
      { gold: 'y', predicted: 'x' },
      { gold: 'x', predicted: 'y' },
      { gold: 'z', predicted: 'x' },
      { gold: 'z', predicted: 'x' },
    ]);
    expect(pairs).toEqual([
      { gold: 'z', predicted: 'x', count: 2 },
      { gold: 'x', predicted: 'y', count: 1 },
      { gold: 'y', predicted: 'x', count: 1 },
    ]);
  });
});
