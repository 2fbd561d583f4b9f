import { AuditLog, auditFilePath } from '../../audit/audit-log';
import type { Database } from '../../db/database';
import { ticketJob } from '../../jobs/ticket-job';
import { openOutboxFile } from '../../outbox/outbox-file';
import { ActionIntentLog } from '../action-intents';
import { AlertRegister } from '../alert-register';
import { alertRefWitnesses } from '../alert-ref-witnesses';
import { BasisRequestLog } from '../basis-request-log';
import { importIntentsFromFiles, importStateFromFiles } from '../import-from-files';
import { LowdbStorage } from '../lowdb-storage';
import { importAlertsFromFiles } from './import-alerts-from-files';
import { importAuditFromFiles } from './import-audit-from-files';
import { importDocumentsFromFiles } from './import-documents';
import { importOutboxFromFiles } from './import-outbox-from-files';
import { PgActionIntentLog } from './pg-action-intents';
import { PgAlertRegister } from './pg-alert-register';
import { PgAuditTrail } from './pg-audit-trail';
import { PgOutboxStore } from './pg-outbox-store';
import { PgStateStorage } from './pg-state-storage';
import { jsonParam } from '../../db/json-param';

/** The socbot_meta key that records the data directory copied in, and when. */
export const MIGRATED_FROM_META = 'migrated-from';

/** What a store's copy counts. */
export type CopyUnit = 'entries' | 'alerts' | 'jobs' | 'items' | 'intents' | 'documents' | 'lines';

/** What one store's copy did. */
export interface StoreCopy {
  /** The store, as the data directory names it (`audit.jsonl`, `alerts.jsonl`, …). */
  store: string;
  /** What is counted, in the plural: `entries`, `alerts`, `jobs`, `items`, `intents`, `documents`, `lines`. */
  unit: CopyUnit;
  /** Copied into the database now. */
  copied: number;
  /** Held by the database already (an earlier run), left as they are there. */
  alreadyThere: number;
  /** Not copied, each with why. */
  skipped: { count: number; why: string }[];
  /** False when the data directory has no such file (nothing to copy). */
  present: boolean;
  /** What else the copy did or found worth saying (a repair of the file register). */
  notes: string[];
}

/** The socbot_meta record of a copy: the absolute data directory and when it was copied. */
export interface MigratedFrom {
  from: string;
  at: string;
}

/** What {@link migrateDataDir} did. */
export interface DataDirMigration {
  /** The record found before this run: the database was migrated from a data directory before. */
  before?: MigratedFrom;
  stores: StoreCopy[];
  /** Everything copied now, over all stores (0: the database had it all). */
  copied: number;
}

/**
 * Copies an embedded data directory into PostgreSQL, store by store, for `socbot migrate-data`:
 * the audit trail first (verified; the alert register's witnesses read it), the alert register
 * (opened with its witnesses, so a crash's repair runs and witnessed references stay used), the
 * outbox, the conversation state, the unfinished confirmed actions, then the documents and logs.
 * Each import is idempotent and reads and checks its whole file before it writes, so a second run
 * copies nothing and a run stopped by a damaged file (STORAGE_CORRUPT naming it) completes after
 * the fix. The caller holds
 * the data directory's lock and has migrated the schema. `onStore` hears each store as it is done.
 * The copy is recorded in socbot_meta (`migrated-from`) when it copied anything, or found data and
 * none was recorded (an empty directory given by mistake is not recorded).
 *
 * @example
 *   const migration = await migrateDataDir('/srv/socbot/data', db, { replicaId: 'migrate-data' });
 *   migration.stores.map((store) => `${store.store}: ${store.copied}`);
 */
export async function migrateDataDir(
  dataDir: string,
  db: Database,
  options: { replicaId: string; now?: () => Date; onStore?: (copy: StoreCopy) => void },
): Promise<DataDirMigration> {
  const now = options.now ?? (() => new Date());
  const before = await migratedFrom(db);
  const stores: StoreCopy[] = [];
  const done = (copy: StoreCopy): void => {
    stores.push(copy);
    options.onStore?.(copy);
  };

  const audit = new AuditLog(auditFilePath(dataDir), now);
  const pgAudit = new PgAuditTrail(db, now);
  try {
    const auditCopy = await importAuditFromFiles(audit.file, pgAudit);
    done(copyOf('audit.jsonl', 'entries', auditCopy.imported, auditCopy.present));

    const register = new AlertRegister(dataDir, now);
    const pgRegister = new PgAlertRegister(db, now);
    try {
      const repair = await register.open(
        alertRefWitnesses({
          outbox: { list: async () => (await openOutboxFile(dataDir).read()).jobs },
          ticketJobType: ticketJob.type,
          audit,
          basisRequests: new BasisRequestLog(dataDir, now),
        }),
      );
      const contents = await register.contents();
      const outcome = await importAlertsFromFiles(register, pgRegister);
      const copy = copyOf('alerts.jsonl', 'alerts', outcome.alerts, contents.records.length - outcome.alerts);
      if (outcome.changes > 0) copy.notes.push(`${outcome.changes} lifecycle change(s) copied`);
      if (outcome.skippedChanges.length > 0)
        copy.skipped.push({
          count: outcome.skippedChanges.length,
          why:
            `change line(s) of alerts whose registration a crash took (their references stay reserved): ` +
            outcome.skippedChanges.join(', '),
        });
      if (repair.tornTail !== undefined)
        copy.notes.push(`a cut-off last line was set aside in ${register.file}.torn first`);
      if (repair.rebuilt.length > 0)
        copy.notes.push(`rebuilt from the outbox and audit trail first: ${repair.rebuilt.join(', ')}`);
      copy.present = contents.records.length > 0 || contents.reserved.length > 0;
      done(copy);
    } finally {
      await register.close();
      await pgRegister.close();
    }
  } finally {
    await audit.close();
    await pgAudit.close();
  }

  const outbox = await importOutboxFromFiles(dataDir, new PgOutboxStore(db, options.replicaId));
  done(copyOf('outbox.json', 'jobs', outbox.added, outbox.found - outbox.added));

  const state = new LowdbStorage(dataDir);
  try {
    const count = await importStateFromFiles(state, new PgStateStorage(db));
    done(copyOf('state.json', 'items', count.imported, count.alreadyThere));
  } finally {
    await state.close();
  }

  const intents = new ActionIntentLog(dataDir);
  try {
    const count = await importIntentsFromFiles(intents, new PgActionIntentLog(db));
    const copy = copyOf('action-intents.jsonl', 'intents', count.imported, count.alreadyThere);
    copy.notes.push('unfinished confirmed actions only: finished ones are history');
    done(copy);
  } finally {
    await intents.close();
  }

  const documents = await importDocumentsFromFiles(dataDir, { db });
  for (const document of documents.documents) {
    const copy = copyOf(document.name, 'documents', document.outcome === 'copied' ? 1 : 0, 0);
    copy.alreadyThere = document.outcome === 'kept' ? 1 : 0;
    copy.present = document.outcome !== 'absent';
    done(copy);
  }
  for (const log of documents.logs) {
    // A log PostgreSQL has already is kept whole: its lines are not counted again.
    const copy = copyOf(log.name, 'lines', log.lines, 0);
    if (log.outcome === 'kept') copy.notes.push('the database has this log already: kept as it is');
    if (log.skipped > 0)
      copy.skipped.push({ count: log.skipped, why: 'not JSON (a write cut off by a crash)' });
    copy.present = log.outcome !== 'absent';
    done(copy);
  }

  const copied = stores.reduce((sum, store) => sum + store.copied, 0);
  const found = stores.some((store) => store.present);
  if (copied > 0 || (found && !before)) await recordMigration(db, { from: dataDir, at: now().toISOString() });
  return { ...(before ? { before } : {}), stores, copied };
}

function copyOf(store: string, unit: CopyUnit, copied: number, alreadyThere: number): StoreCopy {
  return { store, unit, copied, alreadyThere, skipped: [], present: copied + alreadyThere > 0, notes: [] };
}

/** The socbot_meta record of an earlier copy, if any. */
async function migratedFrom(db: Database): Promise<MigratedFrom | undefined> {
  const rows = await db.query<{ value: unknown }>('SELECT value FROM socbot_meta WHERE key = $1', [
    MIGRATED_FROM_META,
  ]);
  const value = rows[0]?.value as Partial<MigratedFrom> | undefined;
  return typeof value?.from === 'string' && typeof value.at === 'string'
    ? { from: value.from, at: value.at }
    : undefined;
}

async function recordMigration(db: Database, record: MigratedFrom): Promise<void> {
  await db.query(
    `INSERT INTO socbot_meta (key, value, updated_at) VALUES ($1, $2::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [MIGRATED_FROM_META, jsonParam(record)],
  );
}
