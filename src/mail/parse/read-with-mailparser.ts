import { simpleParser, type ParsedMail as MailparserMail, type SimpleParserOptions } from 'mailparser';
import { SocbotError } from '../../errors';

/**
 * mailparser's options for a mail from anyone: no HTML conversion (socbot's own, html-to-text.ts,
 * skips hidden content), nothing generated for display, and every attached mail kept as an
 * attachment (it is hashed like one and parsed on its own as the forwarded original).
 */
const OPTIONS: SimpleParserOptions = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  ignoreEmbedded: true,
  // socbot hashes attachments with SHA-256 itself; mailparser's MD5 would be work for nothing.
  checksumAlgo: false,
};

/**
 * A raw mail read by mailparser. Refuses, with MAIL_UNREADABLE, what mailparser cannot parse and
 * what has no header at all (mailparser reads any bytes as a body; a mail without a single header
 * line is not a mail).
 */
export async function readWithMailparser(raw: Buffer, what: string): Promise<MailparserMail> {
  let parsed: MailparserMail;
  try {
    parsed = await simpleParser(raw, OPTIONS);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SocbotError(
      'MAIL_UNREADABLE',
      `${what} cannot be parsed as a mail (${reason}). Check that it is a complete RFC 822 message (an .eml file), not a fragment or another format.`,
      { reason },
      { cause },
    );
  }
  if (parsed.headers.size === 0) {
    throw new SocbotError(
      'MAIL_UNREADABLE',
      `${what} has no mail header (no From:, Subject:, Date: … line before the body). Check that it is an RFC 822 message (an .eml file, "Save as" / "Download original" in the mail client), not the copied text of a mail.`,
      { reason: 'no header' },
    );
  }
  return parsed;
}
