import type { MailCorrectionEntry, MailLogEntry, MailPredictionEntry } from '../mail-log-entry';

/** One mail as the log tells it: what the cascade said and what analysts changed it to. */
export interface MailHistory {
  readonly prediction: MailPredictionEntry;
  /** In the order written. */
  readonly corrections: readonly MailCorrectionEntry[];
  /** The latest correction's category, else the predicted one. */
  readonly finalCategory: string;
  /** The final category differs from the predicted one (a mail corrected back counts as not corrected). */
  readonly corrected: boolean;
}

/**
 * Joins the log's lines into one history per mail (by Message-ID), in the order the mails were
 * predicted. A mail predicted twice keeps its first prediction (the intake writes one per
 * Message-ID); a correction for a mail without a prediction is dropped, it cannot be placed.
 *
 * @example
 *   mailHistories((await new MailLog(dataDir).read()).entries).filter((mail) => mail.corrected);
 */
export function mailHistories(entries: readonly MailLogEntry[]): MailHistory[] {
  const predictions = new Map<string, MailPredictionEntry>();
  const corrections = new Map<string, MailCorrectionEntry[]>();
  for (const entry of entries) {
    if (entry.kind === 'prediction') {
      if (!predictions.has(entry.messageId)) predictions.set(entry.messageId, entry);
    } else {
      const list = corrections.get(entry.messageId) ?? [];
      list.push(entry);
      corrections.set(entry.messageId, list);
    }
  }
  return [...predictions.values()].map((prediction) => {
    const own = corrections.get(prediction.messageId) ?? [];
    const finalCategory = own.at(-1)?.to ?? prediction.category;
    return { prediction, corrections: own, finalCategory, corrected: finalCategory !== prediction.category };
  });
}
