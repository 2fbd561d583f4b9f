/**
 * How much of a mail socbot reads. A mail is data from anyone who can write to the shared mailbox,
 * so every part of reading it is bounded.
 */

/**
 * The largest raw mail (RFC 822 bytes) socbot parses: 25 MB, the common size limit of mail
 * providers. A larger mail is refused with MAIL_TOO_LARGE instead of filling memory.
 */
export const MAX_RAW_MAIL_BYTES = 25 * 1024 * 1024;

/**
 * The longest text kept of a mail or of a forwarded original: 100,000 characters. A classifier
 * and an indicator search need the words, not a novel; longer text is cut, and the cut is marked.
 */
export const MAX_MAIL_TEXT_CHARS = 100_000;

/** Appended to a text that was cut at MAX_MAIL_TEXT_CHARS, so a reader knows it is not the whole. */
export const TEXT_CUT_MARK = '\n[… text cut by socbot]';

/** Cuts a text to MAX_MAIL_TEXT_CHARS, marking the cut. */
export function boundText(text: string): string {
  if (text.length <= MAX_MAIL_TEXT_CHARS) return text;
  return text.slice(0, MAX_MAIL_TEXT_CHARS) + TEXT_CUT_MARK;
}
