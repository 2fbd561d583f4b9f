import type { Explanation } from '../../nlu/explanation';

/**
 * The mail card's "Why?" in plain words, from the model's explanation: the score against the
 * threshold, the runner-up, and the features that weighed most each way. A stand-in until
 * `explanationText` (src/nlu/explanation-text.ts, branch `explain`) is on main; then the card
 * uses that one wording for chat and mail.
 *
 * @example
 *   whyWords(explanation);
 *   // 'phishing 0.93 (threshold 0.8; runner-up other 0.04). For phishing: verify, password, "acc…". For other: invoice.'
 */
export function whyWords(explanation: Explanation): string {
  const runnerUp = explanation.runnerUp
    ? `; runner-up ${explanation.runnerUp.intent} ${explanation.runnerUp.score}`
    : '';
  const head = `${explanation.intent} ${explanation.score} (threshold ${explanation.threshold}${runnerUp}).`;
  const towards = explanation.forIntent.slice(0, 5).map((feature) => feature.label);
  const against = explanation.forRunnerUp.slice(0, 5).map((feature) => feature.label);
  return [
    head,
    towards.length > 0 ? `For ${explanation.intent}: ${towards.join(', ')}.` : '',
    explanation.runnerUp && against.length > 0
      ? `For ${explanation.runnerUp.intent}: ${against.join(', ')}.`
      : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
}
