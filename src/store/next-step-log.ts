import { isPlainObject } from './data-file';
import { logsIn, type LogsSource } from './file-logs';
import type { JsonLinesLog } from './json-lines-log';

/** The file under the data directory that records next-step suggestions shown and accepted. */
export const NEXT_STEPS_FILE_NAME = 'next-steps.jsonl';

/** A next step offered as a button: which, for which alert, to whom, when. */
export interface NextStepShown {
  /** The suggestion's id, which its button carries: `ns-…`. */
  shown: string;
  ref: string;
  skill: string;
  /** The similarity level it was learned at; null for the static fallback. */
  level: string | null;
  /** Who it was shown to (the actor's id). */
  to: string;
  at: string;
}

/** A suggestion's button pressed: the suggestion's id, who pressed it, when. */
export interface NextStepAccepted {
  accepted: string;
  by: string;
  at: string;
}

/** One line of `next-steps.jsonl`. */
export type NextStepLine = NextStepShown | NextStepAccepted;

/**
 * `next-steps.jsonl`: one line per next step shown and per suggestion accepted, so `socbot insights`
 * can say how often suggestions are taken. Appended without a sync, on purpose: it is measurement,
 * not a record of what was done (that is the audit trail), and a power loss may cost its last lines.
 * A line that cannot be read (cut off by a crash) is skipped when read.
 *
 * @example
 *   const log = new NextStepLog('./data');
 *   await log.append({ accepted: 'ns-1f2e…', by: 'aad-1', at: new Date().toISOString() });
 */
export class NextStepLog {
  /** Where the log is (the file's path, or its PostgreSQL table and name), for messages. */
  readonly file: string;
  private readonly log: JsonLinesLog;

  /** `where`: the data directory (files), or a backend's logs (PostgreSQL). */
  constructor(where: LogsSource) {
    // Not synced: measurement, see above.
    this.log = logsIn(where).open(NEXT_STEPS_FILE_NAME, { durable: false });
    this.file = this.log.location;
  }

  /** Appends lines in call order; resolves once they are written. */
  append(...lines: NextStepLine[]): Promise<void> {
    return this.log.append(...lines);
  }

  /** Every readable line, in order; no log reads as none. */
  async read(): Promise<NextStepLine[]> {
    const { values } = await this.log.read();
    return values.flatMap((value) => {
      const line = lineOf(value);
      return line ? [line] : [];
    });
  }
}

function lineOf(data: unknown): NextStepLine | undefined {
  if (!isPlainObject(data) || typeof data.at !== 'string') return undefined;
  if (typeof data.shown === 'string' && typeof data.ref === 'string' && typeof data.skill === 'string')
    return data as unknown as NextStepShown;
  if (typeof data.accepted === 'string' && typeof data.by === 'string')
    return data as unknown as NextStepAccepted;
  return undefined;
}
