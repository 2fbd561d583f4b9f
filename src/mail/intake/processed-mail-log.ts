import { z } from 'zod';
import { logsIn, type LogsSource } from '../../store/file-logs';
import type { JsonLinesLog } from '../../store/json-lines-log';

/** What the intake has done with mails, in the data directory. */
export const PROCESSED_MAIL_FILE_NAME = 'mail-processed.jsonl';

const lineSchema = z.object({
  mailbox: z.string().min(1),
  uidValidity: z.string().min(1),
  uid: z.number().int().positive(),
  messageId: z.string(),
  /** `processed`: the handler took it; `failed`: given up (code says why), never handed over again. */
  outcome: z.enum(['processed', 'failed']),
  code: z.string().optional(),
  at: z.string(),
});

/** One line of `mail-processed.jsonl`. */
export type ProcessedMailLine = z.infer<typeof lineSchema>;

/** Which mail a line is about: where it lies now, and the Message-ID it keeps when moved or copied. */
export type MailKey = Pick<ProcessedMailLine, 'mailbox' | 'uidValidity' | 'uid' | 'messageId'>;

/**
 * `<dataDir>/mail-processed.jsonl`: every mail the intake is done with (handed over, or given up),
 * one line each, appended with O_DSYNC before the mail is flagged or moved on the server. A mail is
 * known by mailbox + UIDVALIDITY + UID, and by Message-ID (a moved or copied mail, or a folder whose
 * UIDVALIDITY changed, comes back with a new UID). An unreadable line (a write cut off by a crash)
 * is skipped and counted: at worst that mail is handed over once more, which the handler's
 * Message-ID idempotency absorbs.
 *
 * @example
 *   const log = await ProcessedMailLog.open(dataDir);
 *   if (!log.find(key)) { await handle(mail); await log.record({ ...key, outcome: 'processed', at }); }
 */
export class ProcessedMailLog {
  /** Where the log is (the file's path, or its PostgreSQL table and name), for messages. */
  readonly file: string;
  private readonly byUid = new Map<string, ProcessedMailLine>();
  private readonly byMessageId = new Map<string, ProcessedMailLine>();

  private constructor(
    private readonly log: JsonLinesLog,
    /** Damaged lines skipped when the log was read. */
    readonly skippedLines: number,
  ) {
    this.file = log.location;
  }

  /**
   * Reads the log (absent: nothing processed yet). `where`: the data directory (files), or a
   * backend's logs (PostgreSQL, shared by the replicas: open it again after taking the mailbox over).
   */
  static async open(where: LogsSource): Promise<ProcessedMailLog> {
    const log = logsIn(where).open(PROCESSED_MAIL_FILE_NAME);
    const { values, unreadable } = await log.read();
    const parsed = values.map((value) => lineSchema.safeParse(value));
    const processed = new ProcessedMailLog(log, unreadable + parsed.filter((line) => !line.success).length);
    for (const line of parsed) if (line.success) processed.index(line.data);
    return processed;
  }

  /** The line for this mail, by its UID in this UIDVALIDITY or else by its Message-ID; undefined when new. */
  find(key: MailKey): ProcessedMailLine | undefined {
    return (
      this.byUid.get(uidKey(key)) ??
      (key.messageId === '' ? undefined : this.byMessageId.get(messageIdKey(key)))
    );
  }

  /** How many mails are recorded with this outcome. */
  count(outcome: ProcessedMailLine['outcome']): number {
    let n = 0;
    for (const line of this.byUid.values()) if (line.outcome === outcome) n += 1;
    return n;
  }

  /** Appends the line; resolves once it is on disk. */
  async record(line: ProcessedMailLine): Promise<void> {
    const checked = lineSchema.parse(line);
    await this.log.append(checked);
    this.index(checked);
  }

  /** Resolves once every write so far is on disk. */
  flush(): Promise<void> {
    return this.log.flush();
  }

  private index(line: ProcessedMailLine): void {
    this.byUid.set(uidKey(line), line);
    if (line.messageId !== '') this.byMessageId.set(messageIdKey(line), line);
  }
}

function uidKey(key: MailKey): string {
  return JSON.stringify([key.mailbox, key.uidValidity, key.uid]);
}

function messageIdKey(key: MailKey): string {
  return JSON.stringify([key.mailbox, key.messageId]);
}
