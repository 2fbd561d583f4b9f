import { openOutboxFile } from '../../outbox/outbox-file';
import type { PgOutboxStore } from './pg-outbox-store';

/** What {@link importOutboxFromFiles} did. */
export interface OutboxImport {
  /** Jobs in `<dataDir>/outbox.json` (0 when there is none). */
  found: number;
  /** Of those, added to the table now; the others were there already (an earlier import). */
  added: number;
}

/**
 * Copies the jobs of an embedded data directory's `outbox.json` into the PostgreSQL outbox, each as
 * it stands (status, attempts, result, progress, retry count: `socbot outbox list` shows the same
 * afterwards), for `socbot migrate-data --from ./data`. Idempotent: a job whose id or idempotency
 * key is in the table already is left as it is there, so an import run twice (or after a failure
 * half-way) adds each job once. A job the file shows `running` was left by the stopped process; the
 * first worker takes it over as a files start would (pending again, or given up with its budget
 * spent). The file is only read, never changed.
 *
 * @example
 *   const store = new PgOutboxStore(db, replicaId);
 *   await importOutboxFromFiles('./data', store); // { found: 12, added: 12 }, then { found: 12, added: 0 }
 */
export async function importOutboxFromFiles(dataDir: string, store: PgOutboxStore): Promise<OutboxImport> {
  // An unreadable outbox.json is STORAGE_CORRUPT naming the file and its remedy: nothing is imported.
  const { jobs } = await openOutboxFile(dataDir).read();
  return { found: jobs.length, added: await store.importJobs(jobs) };
}
