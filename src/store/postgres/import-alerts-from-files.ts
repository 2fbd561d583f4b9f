import type { AlertRegister } from '../alert-register';
import type { AlertImportOutcome, PgAlertRegister } from './pg-alert-register';

/**
 * Copies a data directory's alert register (`alerts.jsonl`) into PostgreSQL, for
 * `socbot migrate-data --from ./data`: every alert keeps its reference (tickets, Basis and the
 * audit trail name them), every change line its order, and references reserved after a crash stay
 * used. One transaction: all or nothing. Running it again writes nothing new; an alert the database
 * holds under the same reference that is another alert stops it with STORAGE_CONFLICT.
 *
 * Open the file register with its witnesses first (`fileRegister.open(alertRefWitnesses(…))`, as
 * `start()` does): its crash repair then runs, and the references the outbox, the audit trail and
 * Basis requests name are kept from being handed out again in the database too.
 *
 * @example
 *   const files = new AlertRegister('./data');
 *   await files.open(witnesses);
 *   const outcome = await importAlertsFromFiles(files, new PgAlertRegister(db));
 *   outcome; // { alerts: 42, changes: 97, skippedChanges: [] } (0 and 0 the second time)
 */
export async function importAlertsFromFiles(
  fileRegister: AlertRegister,
  pgRegister: PgAlertRegister,
): Promise<AlertImportOutcome> {
  return pgRegister.importContents(await fileRegister.contents());
}
