/**
 * The header lines a mail client writes above an inline forward (`From: …`, `Sent: …`), read into
 * the parts of a MailContent. Clients write these for people, not parsers: everything here is best
 * effort, and what cannot be read is left empty rather than guessed.
 */

/** One `Name: value` line of a forward's header block; Outlook and Gmail may bold the name (`*From:*`). */
const HEADER_LINE = /^\*?(from|sent|date|to|cc|bcc|subject|reply-to)\*?\s*:\*?\s?(.*)$/i;

export type ForwardedHeaderName = 'from' | 'sent' | 'date' | 'to' | 'cc' | 'bcc' | 'subject' | 'reply-to';

/** The header name and value of a line, or undefined when the line is not a header line. */
export function readHeaderLine(line: string): { name: ForwardedHeaderName; value: string } | undefined {
  const match = HEADER_LINE.exec(line.trim());
  if (!match?.[1]) return undefined;
  return { name: match[1].toLowerCase() as ForwardedHeaderName, value: (match[2] ?? '').trim() };
}

/** `Jane Doe <jane@example.com>`, `Jane Doe [mailto:jane@example.com]`, `*Jane* <…>` or a bare address. */
export function readSender(value: string): { from: string; fromAddress: string } {
  const shown = value
    .replace(/\[mailto:([^\]\s]+)\]/i, '<$1>')
    .replace(/\*/g, '')
    .trim();
  const address =
    /<([^<>\s]+@[^<>\s]+)>/.exec(shown)?.[1] ?? /[^\s<>"'[\]()]+@[^\s<>"'[\]()]+/.exec(shown)?.[0];
  return { from: shown, fromAddress: (address ?? '').toLowerCase() };
}

/** A zone in a written date: `+0100`, `GMT`, `UTC`, `Z`, `CET`… */
const HAS_ZONE = /([+-]\d{2}:?\d{2}|\b[A-Z]{2,4}\b|\dZ)\s*$/;

/**
 * A written date as ISO 8601, e.g. Gmail's `Thu, Dec 3, 2026 at 9:14 AM`; undefined when it cannot
 * be read. A date without a zone is read as UTC, so the result does not depend on the machine.
 */
export function readWrittenDate(value: string): string | undefined {
  const written = value
    .replace(/\bat\b/i, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (written === '') return undefined;
  const time = Date.parse(HAS_ZONE.test(written) ? written : `${written} UTC`);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
