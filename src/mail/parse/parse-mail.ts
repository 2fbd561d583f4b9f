import type { ParsedMail as MailparserMail } from 'mailparser';
import { SocbotError } from '../../errors';
import type { MailContent, ParsedMail } from '../mail-message';
import { summarizeAttachment } from './attachment-summary';
import { findInlineForward } from './inline-forward';
import { contentOfMail } from './mail-content';
import { boundText, MAX_RAW_MAIL_BYTES } from './mail-limits';
import { messageIdOf } from './message-id';
import { readWithMailparser } from './read-with-mailparser';

/**
 * A raw mail (RFC 822 bytes) parsed and unwrapped: its sender, subject, date, text, attachments
 * (named, sized and hashed, never opened) and, for a forward, the forwarded original.
 *
 * The original is an attached mail (message/rfc822, a user forwarding "as attachment"), or else a
 * forward written into the text (Gmail, Outlook, Apple Mail). For an inline forward the mail's own
 * text is the forwarder's note above the forward block.
 *
 * Refuses a mail larger than MAX_RAW_MAIL_BYTES (MAIL_TOO_LARGE) and one that cannot be read as a
 * mail (MAIL_UNREADABLE).
 *
 * @example
 *   const mail = await parseMail(await readFile('suspicious.eml'));
 *   classifiedText(classifiedContent(mail));
 */
export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  refuseTooLarge(raw.length, 'The mail');
  const mail = await readWithMailparser(raw, 'The mail');
  const content = contentOfMail(mail);
  const attachments = mail.attachments.map((attachment, index) => summarizeAttachment(attachment, index + 1));
  const attached = await attachedOriginal(mail);
  // Bounded before the forward search: its cost grows with the square of the marker lines, and a
  // mail of a few MB repeating "-----Original Message-----" must not stall the server (review).
  const text = boundText(content.text);
  const inline = attached ? undefined : findInlineForward(text);
  const original = attached ?? inline?.original;
  return {
    messageId: messageIdOf(mail.messageId, raw),
    ...content,
    text: inline ? boundText(inline.note) : text,
    ...(original ? { original: { ...original, text: boundText(original.text) } } : {}),
    attachments,
  };
}

/** Refuses a mail over MAX_RAW_MAIL_BYTES before anything reads it. */
export function refuseTooLarge(size: number, what: string): void {
  if (size <= MAX_RAW_MAIL_BYTES) return;
  throw new SocbotError(
    'MAIL_TOO_LARGE',
    `${what} has ${size} bytes; socbot reads mails up to ${MAX_RAW_MAIL_BYTES} bytes (25 MB). Look at it in a mail client, or forward it without its large attachments.`,
    { size, limit: MAX_RAW_MAIL_BYTES },
  );
}

/**
 * The first attached mail (message/rfc822), parsed on its own, one level deep: a forward inside
 * it stays its text. An attached mail that cannot be read is left as an attachment (named and
 * hashed); the outer mail is still read, and the inline forward search runs on its text instead.
 */
async function attachedOriginal(mail: MailparserMail): Promise<MailContent | undefined> {
  const attachedMail = mail.attachments.find(
    (attachment) => attachment.contentType.toLowerCase() === 'message/rfc822',
  );
  if (!attachedMail) return undefined;
  try {
    return contentOfMail(await readWithMailparser(attachedMail.content, 'The attached mail'));
  } catch (error) {
    if (error instanceof SocbotError && error.code === 'MAIL_UNREADABLE') return undefined;
    throw error;
  }
}
