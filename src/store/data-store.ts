import { alertStoreOf } from './backend-stores';
import type { AlertStore } from './alert-store';
import { BasisRequestLog } from './basis-request-log';
import type { DocumentsSource } from './file-documents';
import type { LogsSource } from './file-logs';
import { LowdbStorage } from './lowdb-storage';
import { ReviewQueue } from './review-queue';
import type { OwnedStateStorage } from './state-storage';
import type { StoreBackend } from './store-backend';
import { TriageLog } from './triage-log';

/**
 * Everything socbot keeps, as files under one data directory (`SOCBOT_DATA_DIR`).
 *
 * @example
 *   const store = openDataStore('./data');
 *   await store.alerts.list();
 *   await store.close(); // on shutdown: waits for pending writes
 */
export interface DataStore {
  dataDir: string;
  /** Conversation and user state (botbuilder `Storage`): files, or PostgreSQL (PgStateStorage). */
  storage: OwnedStateStorage;
  /** The alert register: `alerts.jsonl`, or PostgreSQL when the backend is (then shared by every replica). */
  alerts: AlertStore;
  reviews: ReviewQueue;
  basisRequests: BasisRequestLog;
  /** The AI triage of alerts, with feedback and final classifications (`triage.jsonl`). */
  triage: TriageLog;
  /** Resolves when every pending write of every file is on disk. */
  flush(): Promise<void>;
  /** Flushes, folds the state journal into its snapshot and closes it. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens (lazily: files are read on first use, created on first write) the data directory.
 * `stateName` names this process's state files (`socbot chat` has its own: CONSOLE_STATE_NAME);
 * `storage` replaces those files (the PostgreSQL state every replica shares).
 * `backend` (default: files) says where the alert register keeps its data.
 */
export function openDataStore(
  dataDir: string,
  now?: () => Date,
  options: {
    stateName?: string;
    /** The conversation state kept elsewhere than `state.json` (PostgreSQL). */
    storage?: OwnedStateStorage;
    /** Where the review queue and the Basis requests are kept instead of files (PostgreSQL). */
    documents?: DocumentsSource;
    /** Where the triage log is kept instead of a file (PostgreSQL). */
    logs?: LogsSource;
    /** Where the alert register is kept (PostgreSQL: PgAlertRegister). */
    backend?: StoreBackend;
  } = {},
): DataStore {
  const storage = options.storage ?? new LowdbStorage(dataDir, { name: options.stateName });
  const alerts = alertStoreOf(options.backend ?? { kind: 'files', dataDir }, now);
  const reviews = new ReviewQueue(options.documents ?? dataDir, now);
  const basisRequests = new BasisRequestLog(options.documents ?? dataDir, now);
  const triage = new TriageLog(options.logs ?? dataDir);
  const flush = async (): Promise<void> => {
    await Promise.all([
      storage.flush(),
      alerts.flush(),
      reviews.flush(),
      basisRequests.flush(),
      triage.flush(),
    ]);
  };
  const close = async (): Promise<void> => {
    await flush();
    await Promise.all([storage.close(), alerts.close()]);
  };
  return { dataDir, storage, alerts, reviews, basisRequests, triage, flush, close };
}
