import type { Database } from '../../db/database';
import type { JsonLinesContents, JsonLinesLog, JsonLinesLogs } from '../json-lines-log';
import { jsonParam } from '../../db/json-param';

/** The table of log lines (migrations/0500_documents.sql). */
export const LOG_LINES_TABLE = 'socbot_log_lines';

/**
 * An append-only log as rows of `socbot_log_lines` (log name, bigserial `seq`, jsonb body), shared
 * by every replica. A process's appends are stored in call order (one after the other, each values
 * list in one statement); appends of two replicas interleave by `seq`. Reads are fresh every time.
 *
 * @example
 *   const log = new PgJsonLinesLog(db, 'triage.jsonl');
 *   await log.append({ kind: 'run', run });
 *   (await log.read()).values.length; // 1
 */
export class PgJsonLinesLog implements JsonLinesLog {
  readonly location: string;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    readonly name: string,
  ) {
    this.location = `${LOG_LINES_TABLE} (log ${name})`;
  }

  append(...values: unknown[]): Promise<void> {
    const lines = values.map((value) => jsonParam(value));
    const write = this.writes.then(async () => {
      if (lines.length === 0) return;
      await this.db.query(
        `INSERT INTO ${LOG_LINES_TABLE} (log, body)
         SELECT $1, line.body::jsonb FROM unnest($2::text[]) WITH ORDINALITY AS line(body, n) ORDER BY line.n`,
        [this.name, lines],
      );
    });
    // A failed write is the caller's to report; the next one still runs.
    this.writes = write.catch(() => undefined);
    return write;
  }

  async read(): Promise<JsonLinesContents> {
    await this.flush();
    const rows = await this.db.query<{ body: unknown }>(
      `SELECT body FROM ${LOG_LINES_TABLE} WHERE log = $1 ORDER BY seq`,
      [this.name],
    );
    // jsonb holds only valid JSON: nothing is unreadable here (the stores still validate the shape).
    return { values: rows.map((row) => row.body), unreadable: 0 };
  }

  flush(): Promise<void> {
    return this.writes;
  }
}

/**
 * Logs as rows of `socbot_log_lines` on `db`.
 *
 * @example
 *   const triage = new TriageLog(pgJsonLinesLogs(backend.db));
 */
export function pgJsonLinesLogs(db: Database): JsonLinesLogs {
  return { open: (name) => new PgJsonLinesLog(db, name) };
}
