import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isPlainObject } from './data-file';

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
  readonly file: string;
  private writes: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, NEXT_STEPS_FILE_NAME);
  }

  /** Appends lines in call order; resolves once they are written. */
  append(...lines: NextStepLine[]): Promise<void> {
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    const write = this.writes.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, text, { encoding: 'utf8', mode: 0o600 });
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Every readable line, in file order; no file reads as none. */
  async read(): Promise<NextStepLine[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text.split('\n').flatMap((line) => {
      const parsed = parseLine(line);
      return parsed ? [parsed] : [];
    });
  }
}

function parseLine(line: string): NextStepLine | undefined {
  if (line.trim() === '') return undefined;
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isPlainObject(data) || typeof data.at !== 'string') return undefined;
  if (typeof data.shown === 'string' && typeof data.ref === 'string' && typeof data.skill === 'string')
    return data as unknown as NextStepShown;
  if (typeof data.accepted === 'string' && typeof data.by === 'string')
    return data as unknown as NextStepAccepted;
  return undefined;
}
