/** One attachment as socbot keeps it: never opened, only named, sized and hashed. */
export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  /** SHA-256 of the attachment's bytes, lower-case hex (an indicator: `hash` in vtip). */
  readonly sha256: string;
}

/** What a person wrote: the mail itself, or the original inside a forward. */
export interface MailContent {
  /** The sender as shown, e.g. `Jane Doe <jane@example.com>`; '' when the mail names none. */
  readonly from: string;
  /** The sender's address in lower case; '' when there is none. */
  readonly fromAddress: string;
  readonly subject: string;
  /** ISO 8601, when the mail says when it was written. */
  readonly date?: string;
  /** Plain text; an HTML-only mail is reduced to text (no markup, scripts or styles survive). */
  readonly text: string;
}

/** A mail taken from the shared mailbox, parsed and unwrapped (src/mail/intake/). */
export interface IncomingMail extends MailContent {
  /** Which mailbox it came from, without credentials, e.g. `soc@mail.example.com/INBOX`. */
  readonly mailbox: string;
  readonly uidValidity: string;
  readonly uid: number;
  /** The Message-ID header; when the mail has none, `<sha256 of the raw mail>@socbot.invalid`. */
  readonly messageId: string;
  /** ISO 8601: when the server received it (INTERNALDATE). */
  readonly receivedAt: string;
  /** The forwarded original (an attached message/rfc822 or an inline forward); absent otherwise. */
  readonly original?: MailContent;
  readonly attachments: readonly MailAttachment[];
}

/** What is classified and searched for indicators: the original of a forward, else the mail itself. */
export function classifiedContent(mail: ParsedMail): MailContent {
  return mail.original ?? mail;
}

/** The text a classifier reads for a mail: its subject, then its body. */
export function classifiedText(content: MailContent): string {
  return `${content.subject}\n${content.text}`;
}

/** A raw mail parsed and unwrapped (src/mail/parse/), before the intake adds where it came from. */
export type ParsedMail = Omit<IncomingMail, 'mailbox' | 'uidValidity' | 'uid' | 'receivedAt'>;
