import type { OfferedNextStep } from '../app/next-steps/next-step-advisor';
import { nextStepLine } from '../app/next-steps/next-step-line';
import { say, type BotReply } from './bot-reply';

/**
 * A reply with the suggested next steps under it: each as a line with its reason (text-only
 * channels read them there) and as a button that sends its words as the analyst's message, with
 * the suggestion's id so the press is recorded as accepted. Pressing one only asks: the usual form,
 * confirmation and role checks follow.
 *
 * @example
 *   withNextSteps('SOC-2026-0009: registered, P2 …', steps);
 *   // { text: '… Next steps:\n- "I\'ll take SOC-2026-0009": analysts did this first in 3 of 3 …', suggestions: [ … ] }
 */
export function withNextSteps(text: string, steps: readonly OfferedNextStep[] | undefined): BotReply {
  if (!steps || steps.length === 0) return say(text);
  const lines = steps.map(nextStepLine);
  return {
    text: `${text}\n\nNext steps:\n${lines.join('\n')}`,
    suggestions: steps.map((step) => ({ title: step.utterance, value: step.utterance, nextStepId: step.id })),
  };
}
