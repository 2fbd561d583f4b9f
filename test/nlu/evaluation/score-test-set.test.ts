import { scoreTestSet } from '../../../src/nlu/evaluation/score-test-set';
import type { Recognition, Recognizer } from '../../../src/nlu/types';

describe('scoreTestSet', () => {
  it('pairs each gold label with the recognised intent and score, in order, reporting progress', async () => {
    const recognizer: Recognizer = {
      recognize: async (text): Promise<Recognition> => ({
        text,
        intent: text.includes('block') ? 'block' : 'None',
        score: text.length / 100,
        alternatives: [],
        entities: [],
      }),
    };
    const progress: number[] = [];
    const predictions = await scoreTestSet(
      recognizer,
      [
        { utterance: 'block PC-1', intent: 'block' },
        { utterance: 'weather', intent: 'block' },
      ],
      (done) => progress.push(done),
    );
    expect(predictions).toEqual([
      { text: 'block PC-1', gold: 'block', predicted: 'block', score: 0.1 },
      { text: 'weather', gold: 'block', predicted: 'None', score: 0.07 },
    ]);
    expect(progress).toEqual([1, 2]);
  });
});
