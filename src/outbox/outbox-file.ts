import path from 'node:path';
import { DataFile, isPlainObject } from '../store/data-file';
import type { OutboxJob } from './outbox-job';

/** The file under the data directory that holds the outbox. */
export const OUTBOX_FILE_NAME = 'outbox.json';

/** The outbox file's content: jobs by id, oldest first (insertion order). */
export interface OutboxData {
  jobs: OutboxJob[];
}

/**
 * The outbox as one lowdb data file (`<dataDir>/outbox.json`): atomic writes, serialized updates,
 * and a file it cannot read is never overwritten (STORAGE_CORRUPT) — see DataFile.
 *
 * @example
 *   const file = openOutboxFile('./data');
 *   await file.update((data) => data.jobs.push(job));
 */
export function openOutboxFile(dataDir: string): DataFile<OutboxData> {
  return new DataFile(path.join(dataDir, OUTBOX_FILE_NAME), () => ({ jobs: [] }), isOutboxData, REBUILD_NOTE);
}

/**
 * Moving an unreadable outbox.json aside no longer loses the pending jobs (start-up rebuilds them
 * from the audit trail); the message says so, so nobody hesitates — whoever reads the file first.
 */
const REBUILD_NOTE =
  'The jobs it held are not lost: with the file moved aside, the next start rebuilds outbox.json from the audit trail (every side effect queued and not finished) and audits what it rebuilt.';

function isOutboxData(data: unknown): data is OutboxData {
  return isPlainObject(data) && Array.isArray(data.jobs) && data.jobs.every(looksLikeJob);
}

function looksLikeJob(job: unknown): boolean {
  return (
    isPlainObject(job) &&
    typeof job.id === 'string' &&
    typeof job.type === 'string' &&
    typeof job.idempotencyKey === 'string' &&
    typeof job.status === 'string' &&
    typeof job.attempts === 'number' &&
    typeof job.nextAttemptAt === 'string'
  );
}
