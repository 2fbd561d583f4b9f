import type { OfferedNextStep } from './next-step-advisor';
import { nextStepLine } from './next-step-line';

/** What a next step's card button submits: its id and the words it sends as the presser's message. */
export interface NextStepSubmit {
  nextStep: string;
  text: string;
}

/**
 * A SIEM alert card (and its text for channels without cards) with the suggested next steps added:
 * a line each with its reason, and a button each that submits `{ nextStep, text }`: the press is
 * read as the presser's message `text` (src/channels/activity-input.ts), recorded as accepted, and
 * goes through the usual form, confirmation and role checks. Reasons name SIEM patterns, so they
 * are markdown-escaped like every SIEM value on the card.
 *
 * @example
 *   withNextStepsOnCard(card, text, steps).card.actions.at(-1).data; // { nextStep: 'ns-…', text: 'Investigate SOC-2026-0010' }
 */
export function withNextStepsOnCard(
  card: Record<string, unknown>,
  text: string,
  steps: readonly OfferedNextStep[],
): { card: Record<string, unknown>; text: string } {
  if (steps.length === 0) return { card, text };
  const lines = steps.map(nextStepLine);
  const body = Array.isArray(card.body) ? (card.body as unknown[]) : [];
  const actions = Array.isArray(card.actions) ? (card.actions as unknown[]) : [];
  return {
    card: {
      ...card,
      body: [
        ...body,
        { type: 'TextBlock', text: 'Next steps', weight: 'Bolder', wrap: true },
        ...lines.map((line) => ({
          type: 'TextBlock',
          text: line,
          wrap: true,
          spacing: 'None',
        })),
      ],
      actions: [
        ...actions,
        ...steps.map((step) => ({
          type: 'Action.Submit',
          title: step.utterance,
          data: { nextStep: step.id, text: step.utterance } satisfies NextStepSubmit,
        })),
      ],
    },
    text: `${text}\nNext steps:\n${lines.join('\n')}`,
  };
}
