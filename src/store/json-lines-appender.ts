import { constants } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { endsMidLine } from './ends-mid-line';
import type { JsonLinesContents, JsonLinesLog, JsonLinesLogOptions } from './json-lines-log';

/** Append, create, and return from each write only once its data is on disk. */
const APPEND_DURABLY = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;
/** Append and create; the data reaches the disk when the system writes it back. */
const APPEND = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND;

/**
 * Appends JSON values to a JSON Lines file one after the other, each on disk (O_DSYNC, unless
 * `durable: false`) before its promise resolves. A line a crash cut off never swallows the next
 * one: a write after it starts on a fresh line. For the logs that measure rather than record
 * (triage.jsonl, mail.jsonl, next-steps.jsonl, mail-processed.jsonl).
 *
 * @example
 *   const appender = new JsonLinesAppender('data/mail.jsonl');
 *   await appender.append({ kind: 'prediction', … });
 */
export class JsonLinesAppender implements JsonLinesLog {
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: JsonLinesLogOptions = {},
  ) {}

  get location(): string {
    return this.file;
  }

  append(...values: unknown[]): Promise<void> {
    const text = values.map((value) => `${JSON.stringify(value)}\n`).join('');
    const write = this.writes.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const prefix = (await endsMidLine(this.file)) ? '\n' : '';
      const handle = await open(this.file, this.options.durable === false ? APPEND : APPEND_DURABLY, 0o600);
      try {
        await handle.write(`${prefix}${text}`);
      } finally {
        await handle.close();
      }
    });
    // A failed write is the caller's to report; the next one still runs.
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Every line that is JSON, in file order; a missing file is an empty log. */
  async read(): Promise<JsonLinesContents> {
    await this.flush();
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: [], unreadable: 0 };
      throw error;
    }
    const values: unknown[] = [];
    let unreadable = 0;
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      try {
        values.push(JSON.parse(raw));
      } catch {
        unreadable += 1;
      }
    }
    return { values, unreadable };
  }

  /** Resolves once every write so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }
}
