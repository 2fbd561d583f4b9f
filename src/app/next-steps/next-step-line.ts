import { escapeCardMarkdown } from '../../integrations/notify/card-markdown';
import type { OfferedNextStep } from './next-step-advisor';

/** A reason names a SIEM pattern, anyone's text of any length: a line stays a line. */
const MAX_BECAUSE_CHARS = 240;

/**
 * One suggested next step as a markdown line, in a reply or on a card: its words and its reason,
 * the reason escaped (a SIEM title such as `[here](https://evil.example)` stays text, never a link) and the
 * reason shortened.
 *
 * @example
 *   nextStepLine(step) // '- "I\'ll take SOC-2026-0009": analysts did this first in 3 of 3 similar alerts …'
 */
export function nextStepLine(step: Pick<OfferedNextStep, 'utterance' | 'because'>): string {
  const because =
    step.because.length > MAX_BECAUSE_CHARS
      ? `${step.because.slice(0, MAX_BECAUSE_CHARS - 1)}…`
      : step.because;
  // The words are socbot's own (a skill and a reference); the reason carries the SIEM's text.
  return `- "${step.utterance}": ${escapeCardMarkdown(because)}`;
}
