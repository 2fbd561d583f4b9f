/**
 * An append-only log of JSON values (triage.jsonl, mail.jsonl, next-steps.jsonl,
 * mail-processed.jsonl): a JSON Lines file under the data directory (`JsonLinesAppender`) or rows
 * of one table in PostgreSQL (`PgJsonLinesLog`, issue 15). The logs built on it validate each value
 * themselves and skip what they cannot use, so the backends only store and give back.
 *
 * @example
 *   const log = logs.open('mail.jsonl');
 *   await log.append({ kind: 'prediction', … });
 *   const { values, unreadable } = await log.read();
 */
export interface JsonLinesLog {
  /** Where the log is, for messages: the file's path, or the table and log name. */
  readonly location: string;
  /** Appends the values in order, after every append this process made before; resolves once stored. */
  append(...values: unknown[]): Promise<void>;
  /** Every value in the order appended, after this process's appends so far. */
  read(): Promise<JsonLinesContents>;
  /** Resolves once every append so far is stored. */
  flush(): Promise<void>;
}

/** What a log holds: the values that could be read, and how many lines could not (cut off, hand edits). */
export interface JsonLinesContents {
  readonly values: unknown[];
  readonly unreadable: number;
}

export interface JsonLinesLogOptions {
  /**
   * Each append is on disk before it resolves (O_DSYNC; the default). `false` for logs that
   * measure rather than record (next-steps.jsonl): a power loss may cost their last lines.
   * PostgreSQL always commits durably.
   */
  readonly durable?: boolean;
}

/** Where a backend keeps its logs: opens one by name (the file name under the data directory). */
export interface JsonLinesLogs {
  open(name: string, options?: JsonLinesLogOptions): JsonLinesLog;
}
