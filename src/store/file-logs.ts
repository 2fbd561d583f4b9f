import path from 'node:path';
import { JsonLinesAppender } from './json-lines-appender';
import type { JsonLinesLogs } from './json-lines-log';

/**
 * Where a log store keeps its log: a data directory (the embedded default: a JSON Lines file) or
 * a backend's logs (PostgreSQL: `pgJsonLinesLogs(db)`).
 */
export type LogsSource = string | JsonLinesLogs;

/**
 * Logs as JSON Lines files under `dataDir`, named by their log name.
 *
 * @example
 *   const log = fileLogs('./data').open('triage.jsonl');
 */
export function fileLogs(dataDir: string): JsonLinesLogs {
  return { open: (name, options) => new JsonLinesAppender(path.join(dataDir, name), options) };
}

/** The logs of a source: a data directory's files, or the logs given. */
export function logsIn(source: LogsSource): JsonLinesLogs {
  return typeof source === 'string' ? fileLogs(source) : source;
}
