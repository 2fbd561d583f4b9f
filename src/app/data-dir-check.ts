import path from 'node:path';
import type { AuditLog } from '../audit/audit-log';
import type { AuditTrail } from '../audit/audit-trail';
import type { IncidentRoomRegistry } from '../store/incident-rooms';
import type { ConversationDirectoryStore } from '../store/conversation-directory';
import type { StateStorage } from '../store/state-storage';
import { OUTBOX_FILE_NAME } from '../outbox/outbox-file';
import { rebuildOutboxFromAudit } from '../outbox/rebuild-from-audit';
import type { DataRepair } from './data-repair';
import { setAsideTornTail } from './torn-tail';

/** The data files start-up reads before anything is served. */
export interface CheckedDataFiles {
  dataDir: string;
  /** The audit trail: repairs are audited here, and a lost outbox.json is rebuilt from it. */
  audit: AuditTrail;
  /**
   * The trail's file when it is kept in the data directory (not in PostgreSQL): its cut-off last
   * line is set aside and its end checked.
   */
  auditFile?: Pick<AuditLog, 'file' | 'check'>;
  /** The state journal of this process's state storage (state.journal.jsonl or the console's); absent when the state is in PostgreSQL. */
  stateJournalFile?: string;
  /** False when the outbox is a PostgreSQL table: there is no outbox.json to rebuild. Default true. */
  outboxFile?: boolean;
  storage: StateStorage;
  directory: ConversationDirectoryStore;
  /** The incident rooms (`incident-rooms.json`). */
  rooms?: Pick<IncidentRoomRegistry, 'get'>;
}

/**
 * Reads every data file once at start-up, so damage is found before a turn fails on it (a server
 * that started on a corrupt file used to say "ok" in /healthz while every turn failed):
 *
 * - a cut-off last line of the audit trail or the state journal (a crash mid-append) is set aside
 *   next to its file, and each such repair is audited (`repair`) and returned for /healthz;
 * - a `state.json`, a state journal line before the last, a `conversations.json`, an
 *   `incident-rooms.json` or an audit trail
 *   that cannot be read throws STORAGE_CORRUPT naming the file and the remedy: socbot does not
 *   start on data it would have to discard.
 *
 * - a missing outbox.json (deleted, or moved aside as its STORAGE_CORRUPT message says) is rebuilt
 *   from the audit trail: every job queued and not finished comes back, and what cannot come back
 *   is named. The outbox reads its file itself when it starts.
 *
 * @example
 *   const repairs = await checkDataFiles({ dataDir, audit, auditFile: audit, stateJournalFile, storage, directory }, new Date());
 */
export async function checkDataFiles(files: CheckedDataFiles, now: Date): Promise<DataRepair[]> {
  const repairs: DataRepair[] = [];
  for (const file of [files.auditFile?.file, files.stateJournalFile]) {
    const repair = file === undefined ? undefined : await setAsideTornTail(file, now);
    if (repair) repairs.push(repair);
  }
  await files.auditFile?.check();
  await files.storage.read([]);
  await files.directory.list('basis');
  await files.rooms?.get('');
  const rebuild =
    files.outboxFile === false ? undefined : await rebuildOutboxFromAudit(files.dataDir, files.audit, now);
  if (rebuild) {
    const rebuilt = rebuild.rebuilt.map((job) => job.id);
    const lost =
      rebuild.lost.length === 0
        ? ''
        : `; ${rebuild.lost.length} could not be rebuilt (queued by an earlier version): ${rebuild.lost.map((job) => `${job.jobId} (${job.summary})`).join(', ')}`;
    repairs.push({
      file: path.join(files.dataDir, OUTBOX_FILE_NAME),
      what: `rebuilt the missing outbox.json from the audit trail: ${rebuilt.length} unfinished ${rebuilt.length === 1 ? 'job' : 'jobs'} back${lost}`,
      at: now.toISOString(),
      rebuilt,
      lost: rebuild.lost,
    });
  }
  await auditRepairs(files.audit, repairs);
  return repairs;
}

/**
 * Audits each repair (`repair`, by socbot start-up); also for `socbot outbox retry|drop`, which
 * sets aside a cut-off audit tail itself when no server runs.
 */
export async function auditRepairs(
  audit: Pick<AuditTrail, 'append'>,
  repairs: readonly DataRepair[],
): Promise<void> {
  for (const { what, at: _at, ...details } of repairs) {
    await audit.append({
      actor: { id: 'system', name: 'socbot start-up' },
      action: 'repair',
      summary: what,
      details,
    });
  }
}
