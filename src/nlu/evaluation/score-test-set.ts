import type { LabeledUtterance } from '../corpus/types';
import type { Recognizer } from '../types';
import type { ScoredPrediction } from './metrics';

/**
 * Runs the recognizer over a labelled test set, one utterance at a time (in order, so progress and
 * timing are meaningful), and returns what `computeMetrics` needs.
 *
 * @example
 *   const metrics = computeMetrics(await scoreTestSet(model, heldOutSet(corpus)));
 */
export async function scoreTestSet(
  recognizer: Recognizer,
  testSet: readonly LabeledUtterance[],
  onProgress?: (done: number, total: number) => void,
): Promise<ScoredPrediction[]> {
  const predictions: ScoredPrediction[] = [];
  for (const item of testSet) {
    const recognition = await recognizer.recognize(item.utterance);
    predictions.push({
      text: item.utterance,
      gold: item.intent,
      predicted: recognition.intent,
      score: recognition.score,
    });
    onProgress?.(predictions.length, testSet.length);
  }
  return predictions;
}
