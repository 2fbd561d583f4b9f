import type { Activity } from 'botbuilder';

/** Longest message the bot reads; longer ones are refused with an explanation, state untouched. */
export const MAX_MESSAGE_LENGTH = 4000;

/** How much of a message too long to read the Web Chat transcript keeps: enough to recognise it. */
export const KEPT_OF_LONG_MESSAGE = 1000;

/**
 * Where an edge that cut a message's text notes how long it was (`channelData.socbotTextLength`),
 * so the bot's refusal names the length the analyst sent, not the length kept.
 */
const TEXT_LENGTH_FIELD = 'socbotTextLength';

/** A message's text as a conversation keeps it: cut when the bot would not read it anyway. */
export interface KeptText {
  readonly text: string;
  /** The length before the cut; absent when nothing was cut. */
  readonly cutFrom?: number;
}

/**
 * The text an edge keeps of a message (the Direct Line stream stores and echoes it): a message the
 * bot reads stays whole; a longer one keeps its first {@link KEPT_OF_LONG_MESSAGE} characters and
 * says so, so a 1 MB paste costs neither the store nor every poll a megabyte, and the analyst still
 * sees which message it was.
 *
 * @example
 *   keptText('x'.repeat(50_000)); // { text: 'xxx… [socbot kept the first 1,000 of 50,000 characters]', cutFrom: 50000 }
 */
export function keptText(text: string): KeptText {
  // Measured as the bot reads it (activity-input.ts trims), so both edges refuse the same messages.
  const read = text.trim();
  const length = read.length;
  if (length <= MAX_MESSAGE_LENGTH) return { text };
  const kept = withoutCutSurrogate(read.slice(0, KEPT_OF_LONG_MESSAGE));
  const note = `[socbot kept the first ${grouped(kept.length)} of ${grouped(length)} characters]`;
  return { text: `${kept}… ${note}`, cutFrom: length };
}

/** A cut between the halves of a surrogate pair (an emoji) would leave half a character. */
function withoutCutSurrogate(text: string): string {
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}

/** The channel data noting a cut text's full length, for the activity that carries the kept text. */
export function cutTextNote(cutFrom: number): Record<string, number> {
  return { [TEXT_LENGTH_FIELD]: cutFrom };
}

/**
 * How long the analyst's message was: its text's length, or the length an edge noted when it cut
 * the text (only ever longer, so the note can refuse a message, never let one through).
 *
 * @example
 *   messageLength({ text: 'abc', channelData: { socbotTextLength: 50000 } } as Activity, 'abc'); // 50000
 */
export function messageLength(activity: Pick<Activity, 'channelData'>, text: string): number {
  const noted = (activity.channelData as Record<string, unknown> | undefined)?.[TEXT_LENGTH_FIELD];
  return typeof noted === 'number' && Number.isFinite(noted) ? Math.max(noted, text.length) : text.length;
}

function grouped(count: number): string {
  return count.toLocaleString('en-US');
}
