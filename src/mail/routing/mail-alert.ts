import { createHash } from 'node:crypto';
import { singleLine, multiLine } from '../../integrations/bounded-text';
import type { MailClassification } from '../classification/mail-classification';
import { classifiedContent, type IncomingMail } from '../mail-message';
import { defangText } from './mail-card';
import { mailRouteOf } from './mail-routes';

/** Who the register, the ticket and the audit trail name as having registered a mail's alert. */
export const MAILBOX_CREATOR = 'mailbox';

/** The register's request-id prefix of a mail's alert: a correction accepts only such alerts. */
export const MAIL_REQUEST_PREFIX = 'mail:';

/** The longest subject kept as an alert's title. */
const MAX_TITLE_CHARS = 200;

/** The SHA-256 of a Message-ID, hex: the mail's identity in keys (the ID itself may hold anything). */
export function messageIdHash(messageId: string): string {
  return createHash('sha256').update(messageId).digest('hex');
}

/**
 * The register's idempotency key of a mail's alert: the same mail handed over again finds its alert.
 *
 * @example
 *   mailRequestId('<abc@example.com>'); // 'mail:5f1e…' (64 hex digits)
 */
export function mailRequestId(messageId: string): string {
  return `${MAIL_REQUEST_PREFIX}${messageIdHash(messageId)}`;
}

/** True when an alert was registered from the shared mailbox. */
export function isMailAlert(alert: { createdBy: string; requestId?: string }): boolean {
  return alert.createdBy === MAILBOX_CREATOR && (alert.requestId ?? '').startsWith(MAIL_REQUEST_PREFIX);
}

/**
 * How the cascade decided, for the card and the ticket: "model 0.93 ≥ 0.8", "keyword 'lost my
 * laptop'", "default route (model 0.41 < 0.8, no keyword)".
 */
export function decidedWords(classification: MailClassification): string {
  switch (classification.via) {
    case 'model':
      return `model ${classification.score} ≥ ${classification.threshold}`;
    case 'keywords':
      return `keyword '${classification.keyword ?? '?'}' (model ${classification.score} < ${classification.threshold})`;
    case 'default':
      return `default route (model ${classification.score} < ${classification.threshold}, no keyword)`;
  }
}

/** Who forwarded a mail to the SOC mailbox: the mail's own sender when it wraps an original. */
export function reporterOf(mail: IncomingMail): string | undefined {
  return mail.original ? mail.from || mail.fromAddress || 'unknown' : undefined;
}

/** What a mail is registered as in the alert register. */
export interface MailAlertFacts {
  readonly alertId: string;
  readonly title: string;
  readonly description: string;
  readonly priority: string;
  readonly requestId: string;
}

/**
 * The alert of a classified mail: `MAIL-<first 8 hex of the Message-ID's digest>`, the original
 * subject as the title (one line, bounded), a description with the category, how it was decided,
 * sender, reporter and attachments (named and hashed, never opened); the priority from the route
 * table. Text from the mail stays plain text here: cards and tickets escape it for their format.
 */
export function mailAlertFacts(mail: IncomingMail, classification: MailClassification): MailAlertFacts {
  const content = classifiedContent(mail);
  const route = mailRouteOf(classification.category);
  const hash = messageIdHash(mail.messageId);
  const reporter = reporterOf(mail);
  const lines = [
    `Mail to the SOC mailbox: ${route.label} (category ${classification.category}, ${decidedWords(classification)}).`,
    `Sender: ${singleLine(content.from || content.fromAddress || 'unknown')}`,
    ...(reporter ? [`Forwarded by: ${singleLine(reporter)}`] : []),
    `Subject: ${singleLine(content.subject || '(no subject)')}`,
    `Received: ${mail.receivedAt}`,
    ...mail.attachments.map(
      (attachment) =>
        `Attachment: ${singleLine(attachment.filename || '(unnamed)', 120)} (${attachment.size} bytes, sha256 ${attachment.sha256})`,
    ),
  ];
  return {
    alertId: `MAIL-${hash.slice(0, 8)}`,
    // Defanged: lists, the room header and the ticket show titles, and a URL there must not be a live link.
    title: defangText(singleLine(content.subject || '(no subject)', MAX_TITLE_CHARS)),
    description: multiLine(lines.join('\n')),
    priority: route.priority,
    requestId: mailRequestId(mail.messageId),
  };
}
