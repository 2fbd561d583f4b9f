import type { MailClassification } from './classification/mail-classification';

/**
 * One line of `mail.jsonl` in the data directory: every prediction of the mail cascade and every
 * correction an analyst made, for `socbot mail report` and for labelling corrected mails into the
 * mail corpus. Appended only; the category a mail has now is its latest correction, else its prediction.
 */
export type MailLogEntry = MailPredictionEntry | MailCorrectionEntry;

/** What the cascade said about one mail (its MailClassification, written once per Message-ID). */
export interface MailPredictionEntry extends MailClassification {
  readonly kind: 'prediction';
  /** ISO 8601. */
  readonly at: string;
  readonly messageId: string;
  /** SHA-256 (hex) of the classified text: the same mail sent to many people shares it. */
  readonly textHash: string;
  /** The classified text as the model read it (subject and body, at most 2,000 characters). */
  readonly text: string;
  /** The (original) sender's address and the subject, for people reading the report. */
  readonly sender: string;
  readonly subject: string;
  /** The alert the mail was registered as (`SOC-2026-0001`), once registered. */
  readonly ref?: string;
}

/** An analyst's correction of a mail's category, from the card or in chat. */
export interface MailCorrectionEntry {
  readonly kind: 'correction';
  readonly at: string;
  readonly messageId: string;
  readonly textHash: string;
  readonly ref?: string;
  /** The category before and after the correction. */
  readonly from: string;
  readonly to: string;
  readonly by: { readonly id: string; readonly name: string };
  /** Where it was corrected. */
  readonly source: 'card' | 'chat';
}
