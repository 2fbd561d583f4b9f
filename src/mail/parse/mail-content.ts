import type { ParsedMail as MailparserMail } from 'mailparser';
import type { MailContent } from '../mail-message';
import { htmlToSafeText } from './html-to-safe-text';

/**
 * Who wrote a mail read by mailparser, when, about what, and its text before any unwrapping: the
 * plain text part, or, for an HTML-only mail, its HTML reduced to what a reader sees.
 */
export function contentOfMail(mail: MailparserMail): MailContent {
  const sender = mail.from?.value.find((address) => address.address)?.address ?? '';
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : undefined;
  return {
    from: mail.from?.text ?? '',
    fromAddress: sender.toLowerCase(),
    subject: mail.subject ?? '',
    ...(date === undefined ? {} : { date }),
    text: textOf(mail),
  };
}

function textOf(mail: MailparserMail): string {
  if (mail.text && mail.text.trim() !== '') return mail.text.trim();
  if (typeof mail.html === 'string') return htmlToSafeText(mail.html).trim();
  return '';
}
