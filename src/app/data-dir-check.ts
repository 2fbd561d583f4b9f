import type { AuditLog } from '../audit/audit-log';
import type { ConversationDirectoryStore } from '../store/conversation-directory';
import type { LowdbStorage } from '../store/lowdb-storage';
import { setAsideTornTail, type DataRepair } from './torn-tail';

/** The data files start-up reads before anything is served. */
export interface CheckedDataFiles {
  audit: AuditLog;
  /** The state journal of this process's state storage (state.journal.jsonl or the console's). */
  stateJournalFile: string;
  storage: LowdbStorage;
  directory: ConversationDirectoryStore;
}

/**
 * Reads every data file once at start-up, so damage is found before a turn fails on it (a server
 * that started on a corrupt file used to say "ok" in /healthz while every turn failed):
 *
 * - a cut-off last line of the audit trail or the state journal (a crash mid-append) is set aside
 *   next to its file, and each such repair is audited (`repair`) and returned for /healthz;
 * - a `state.json`, a state journal line before the last, a `conversations.json` or an audit trail
 *   that cannot be read throws STORAGE_CORRUPT naming the file and the remedy: socbot does not
 *   start on data it would have to discard.
 *
 * The outbox reads its own file when it starts (and rebuilds a lost one from the audit trail).
 *
 * @example
 *   const repairs = await checkDataFiles({ audit, stateJournalFile, storage, directory }, new Date());
 */
export async function checkDataFiles(files: CheckedDataFiles, now: Date): Promise<DataRepair[]> {
  const repairs: DataRepair[] = [];
  for (const file of [files.audit.file, files.stateJournalFile]) {
    const repair = await setAsideTornTail(file, now);
    if (repair) repairs.push(repair);
  }
  await files.audit.check();
  await files.storage.read([]);
  await files.directory.list('basis');
  for (const repair of repairs) {
    await files.audit.append({
      actor: { id: 'system', name: 'socbot start-up' },
      action: 'repair',
      summary: `set aside the cut-off last line of ${repair.file}`,
      result: `${repair.bytes} bytes kept in ${repair.movedTo}`,
      details: { file: repair.file, movedTo: repair.movedTo, bytes: repair.bytes },
    });
  }
  return repairs;
}
