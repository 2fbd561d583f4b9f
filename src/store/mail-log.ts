import { z } from 'zod';
import type { MailCorrectionEntry, MailLogEntry, MailPredictionEntry } from '../mail/mail-log-entry';
import { logsIn, type LogsSource } from './file-logs';
import type { JsonLinesLog } from './json-lines-log';

/** The mail cascade's predictions and the analysts' corrections, in the data directory. */
export const MAIL_LOG_FILE_NAME = 'mail.jsonl';

const predictionSchema = z.object({
  kind: z.literal('prediction'),
  at: z.string(),
  messageId: z.string().min(1),
  textHash: z.string().min(1),
  text: z.string(),
  sender: z.string(),
  subject: z.string(),
  category: z.string().min(1),
  via: z.enum(['model', 'keywords', 'default']),
  score: z.number(),
  modelCategory: z.string(),
  threshold: z.number(),
  keyword: z.string().optional(),
  ref: z.string().optional(),
}) satisfies z.ZodType<MailPredictionEntry>;

const correctionSchema = z.object({
  kind: z.literal('correction'),
  at: z.string(),
  messageId: z.string().min(1),
  textHash: z.string().min(1),
  ref: z.string().optional(),
  from: z.string().min(1),
  to: z.string().min(1),
  by: z.object({ id: z.string(), name: z.string() }),
  source: z.enum(['card', 'chat']),
}) satisfies z.ZodType<MailCorrectionEntry>;

const entrySchema = z.discriminatedUnion('kind', [predictionSchema, correctionSchema]);

/** Every line of the log that could be read, in order, and how many could not. */
export interface MailLogContents {
  readonly entries: MailLogEntry[];
  /** Damaged lines skipped (a cut-off write, a hand edit): counted, never fatal. */
  readonly skippedLines: number;
}

/**
 * `<dataDir>/mail.jsonl`: one line per prediction of the mail cascade and per correction by an
 * analyst (src/mail/mail-log-entry.ts), appended with O_DSYNC. A measurement for the monthly
 * review, not the record of an action (the alert register and the audit trail are): a damaged line
 * is skipped and counted, and the next append starts on a fresh line.
 *
 * @example
 *   const log = new MailLog(dataDir);
 *   await log.append({ kind: 'prediction', at, messageId, textHash, text, sender, subject, category: 'phishing', via: 'model', … });
 *   (await log.read()).entries.length; // 1
 */
export class MailLog {
  /** Where the log is (the file's path, or its PostgreSQL table and name), for messages. */
  readonly file: string;
  private readonly appender: JsonLinesLog;

  /** `where`: the data directory (files), or a backend's logs (PostgreSQL). */
  constructor(where: LogsSource) {
    this.appender = logsIn(where).open(MAIL_LOG_FILE_NAME);
    this.file = this.appender.location;
  }

  /** Appends one entry (validated: a malformed entry is a programming error and throws). */
  append(entry: MailLogEntry): Promise<void> {
    const line = entrySchema.parse(entry);
    return this.appender.append(line);
  }

  /** Every readable entry in the order written. */
  async read(): Promise<MailLogContents> {
    const { values, unreadable } = await this.appender.read();
    const entries: MailLogEntry[] = [];
    let skippedLines = unreadable;
    for (const value of values) {
      const entry = entrySchema.safeParse(value);
      if (entry.success) entries.push(entry.data);
      else skippedLines += 1;
    }
    return { entries, skippedLines };
  }

  /** The prediction written for a mail, or undefined: a mail handed over again is not predicted twice. */
  async predictionFor(messageId: string): Promise<MailPredictionEntry | undefined> {
    const { entries } = await this.read();
    return entries.find(
      (entry): entry is MailPredictionEntry => entry.kind === 'prediction' && entry.messageId === messageId,
    );
  }

  /** The category a mail has now: its latest correction, else its prediction; undefined for an unknown mail. */
  async categoryOf(messageId: string): Promise<string | undefined> {
    const { entries } = await this.read();
    let category: string | undefined;
    for (const entry of entries) {
      if (entry.messageId !== messageId) continue;
      category = entry.kind === 'prediction' ? (category ?? entry.category) : entry.to;
    }
    return category;
  }

  /** Resolves once every write so far is on disk. */
  flush(): Promise<void> {
    return this.appender.flush();
  }
}
