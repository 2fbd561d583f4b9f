import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** What the intake has done with mails, in the data directory. */
export const PROCESSED_MAIL_FILE_NAME = 'mail-processed.jsonl';

/** Append, create, and return from each write only once its data is on disk. */
const APPEND_DURABLY = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;

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
  readonly file: string;
  private readonly byUid = new Map<string, ProcessedMailLine>();
  private readonly byMessageId = new Map<string, ProcessedMailLine>();
  private writes: Promise<void> = Promise.resolve();
  /** The file ends without a line break (cut off): the next line starts on a fresh one. */
  private endsMidLine = false;

  private constructor(
    file: string,
    /** Damaged lines skipped when the file was read. */
    readonly skippedLines: number,
  ) {
    this.file = file;
  }

  /** Reads the file (absent: nothing processed yet). */
  static async open(dataDir: string): Promise<ProcessedMailLog> {
    const file = path.join(dataDir, PROCESSED_MAIL_FILE_NAME);
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const lines = text.split('\n').filter((raw) => raw.trim() !== '');
    const parsed = lines.map(parseLine);
    const log = new ProcessedMailLog(file, parsed.filter((line) => line === undefined).length);
    for (const line of parsed) if (line) log.index(line);
    log.endsMidLine = text !== '' && !text.endsWith('\n');
    return log;
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
    const write = this.writes.then(async () => {
      const handle = await open(this.file, APPEND_DURABLY, 0o600);
      try {
        await handle.write(`${this.endsMidLine ? '\n' : ''}${JSON.stringify(checked)}\n`);
        this.endsMidLine = false;
      } finally {
        await handle.close();
      }
      this.index(checked);
    });
    // A failed write is the caller's to report; the next one still runs.
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Resolves once every write so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
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

function parseLine(raw: string): ProcessedMailLine | undefined {
  try {
    const parsed = lineSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
