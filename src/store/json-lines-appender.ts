import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { endsMidLine } from './ends-mid-line';

/** Append, create, and return from each write only once its data is on disk. */
const APPEND_DURABLY = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;

/**
 * Appends JSON values to a JSON Lines file one after the other, each on disk (O_DSYNC) before its
 * promise resolves. A line a crash cut off never swallows the next one: a write after it starts on
 * a fresh line. For the logs that measure rather than record (triage.jsonl, mail.jsonl).
 *
 * @example
 *   const appender = new JsonLinesAppender('data/mail.jsonl');
 *   await appender.append({ kind: 'prediction', … });
 */
export class JsonLinesAppender {
  private writes: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  append(value: unknown): Promise<void> {
    const write = this.writes.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const prefix = (await endsMidLine(this.file)) ? '\n' : '';
      const handle = await open(this.file, APPEND_DURABLY, 0o600);
      try {
        await handle.write(`${prefix}${JSON.stringify(value)}\n`);
      } finally {
        await handle.close();
      }
    });
    // A failed write is the caller's to report; the next one still runs.
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Resolves once every write so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }
}
