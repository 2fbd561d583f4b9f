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
    from: shownSender(mail.from),
    fromAddress: sender.toLowerCase(),
    subject: mail.subject ?? '',
    ...(date === undefined ? {} : { date }),
    text: textOf(mail),
  };
}

/**
 * The sender as a person reads it, `Jane Doe <jane@example.com>`: mailparser's text quotes every
 * display name (`"Jane Doe" <…>`), which the card and "asked by" would show as is.
 */
function shownSender(from: MailparserMail['from']): string {
  const only = from?.value.length === 1 ? from.value[0] : undefined;
  if (!only?.address) return from?.text ?? '';
  return only.name ? `${only.name} <${only.address}>` : only.address;
}

function textOf(mail: MailparserMail): string {
  if (mail.text && mail.text.trim() !== '') return mail.text.trim();
  if (typeof mail.html === 'string') return htmlToSafeText(mail.html).trim();
  return '';
}
