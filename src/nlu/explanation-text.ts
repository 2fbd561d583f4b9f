import type { Explanation, FeatureContribution } from './explanation';

/**
 * An explanation as short markdown for a chat reply or a card: the choice with its score and the
 * threshold, the runner-up, the features that weighed most each way, and, when NLP.js's network is
 * blended in, that the features explain the linear model's part only. `noun` names what was chosen
 * ('intent' in chat, 'category' for a mail).
 *
 * @example
 *   explanationText(await model.explain('close it as false positive'), 'intent');
 *   // 'I read it as **alert_close** (0.91; threshold 0.42) rather than **alert_reopen** (0.04),
 *   //  mostly because of: close, "clos…", as false. Against it: reopen.'
 */
export function explanationText(e: Explanation, noun: 'intent' | 'category'): string {
  const choice = e.decided
    ? `I read it as **${e.intent}** (${score(e.score)}; threshold ${score(e.threshold)})`
    : `I wasn't sure: the nearest ${noun} was **${e.intent}** (${score(e.score)}), ${whyUnsure(e)}`;
  const rival = e.runnerUp ? ` rather than **${e.runnerUp.intent}** (${score(e.runnerUp.score)})` : '';
  const reasons =
    e.forIntent.length > 0
      ? `, mostly because of: ${labels(e.forIntent)}.`
      : '. No word of it weighed much either way.';
  const against = e.forRunnerUp.length > 0 ? ` Against it: ${labels(e.forRunnerUp)}.` : '';
  const network =
    e.networkShare > 0
      ? `\n\nThese are the linear model's weights; NLP.js's network adds ${Math.round(e.networkShare * 100)}% to the score.`
      : '';
  return `${choice}${rival}${reasons}${against}${network}`;
}

/**
 * Why a choice was not made: under the threshold, or (a chat intent over it) the evidence that the
 * message is about something socbot does not do was stronger still.
 */
function whyUnsure(e: Explanation): string {
  return e.outweighedByNone
    ? `not under the threshold ${score(e.threshold)}, but the message read even more like something I don't handle`
    : `under the threshold ${score(e.threshold)}`;
}

function score(value: number): string {
  return value.toFixed(2);
}

function labels(contributions: readonly FeatureContribution[]): string {
  return contributions.map((c) => escapeMarkdown(c.label)).join(', ');
}

/** Labels come from the analyst's (or a mail sender's) words: they must not turn into markup. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (char) => `\\${char}`);
}
