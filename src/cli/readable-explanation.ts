import type { Explanation, FeatureContribution } from '../nlu/explanation';

/**
 * An explanation as indented lines under a `socbot parse` result: the choice against the
 * runner-up, then the features each way with their weights.
 *
 * @example
 *   readableExplanation(why)
 *   // ['  why: alert_close 0.91 (threshold 0.42, decided) rather than alert_reopen 0.04',
 *   //  '  for:     close 1.21, "clos…" 0.52', '  against: reopen 0.33']
 */
export function readableExplanation(e: Explanation): string[] {
  const rival = e.runnerUp ? ` rather than ${e.runnerUp.intent} ${e.runnerUp.score.toFixed(2)}` : '';
  const verdict = e.decided ? 'decided' : 'under it';
  const lines = [
    `  why: ${e.intent} ${e.score.toFixed(2)} (threshold ${e.threshold.toFixed(2)}, ${verdict})${rival}`,
    `  for:     ${weighted(e.forIntent)}`,
    `  against: ${weighted(e.forRunnerUp)}`,
  ];
  if (e.networkShare > 0) {
    lines.push(
      `  (the linear model's weights; NLP.js's network adds ${Math.round(e.networkShare * 100)}% to the score)`,
    );
  }
  return lines;
}

function weighted(contributions: readonly FeatureContribution[]): string {
  if (contributions.length === 0) return '-';
  return contributions.map((c) => `${c.label} ${c.weight.toFixed(2)}`).join(', ');
}
