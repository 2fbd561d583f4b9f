/**
 * One reply of the bot, in socbot's own terms. The channel edge sends a turn's replies as Bot
 * Framework activities (src/channels/reply-activity.ts: text, Adaptive Card attachment, suggested
 * actions); plain-text replies are joined into the message after them (asMessages, turn-messages.ts).
 */
export interface BotReply {
  /** Always present: the whole message for text-only channels (console, SMS-like clients). */
  text: string;
  /** An Adaptive Card (JSON) shown with the text where the channel supports it. */
  card?: Record<string, unknown>;
  /** Buttons that send their `value` back as the user's message. */
  suggestions?: Suggestion[];
}

/** A suggested-action button: shows `title`, sends `value` as the user's message. */
export interface Suggestion {
  title: string;
  value: string;
  /**
   * A suggested next step's id (`ns-…`): the press sends it along with `value` (next-step-press.ts),
   * so accepting a suggestion is told apart from typing the same words.
   */
  nextStepId?: string;
}

/** A plain-text reply. */
export function say(text: string): BotReply {
  return { text };
}
