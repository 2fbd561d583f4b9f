import type { MailIntakeOptions } from '../mail/intake/mail-intake';
import type { DocumentsSource } from './file-documents';
import type { LogsSource } from './file-logs';
import { pgDocuments } from './postgres/pg-document';
import { pgJsonLinesLogs } from './postgres/pg-json-lines-log';
import { PgMailboxLock } from './postgres/pg-mailbox-lock';
import type { StoreBackend } from './store-backend';

/**
 * Where the document stores (review queue, approvals, conversations …) keep their documents on
 * this backend: the data directory's files, or rows of socbot_documents.
 *
 * @example
 *   const approvals = new ApprovalRequestLog(documentsOf(backend));
 */
export function documentsOf(backend: StoreBackend): DocumentsSource {
  return backend.kind === 'postgres' ? pgDocuments(backend.db) : backend.dataDir;
}

/**
 * Where the logs (triage, mail, next steps, processed mail) are kept on this backend: JSON Lines
 * files in the data directory, or rows of socbot_log_lines.
 *
 * @example
 *   const triage = new TriageLog(logsOf(backend));
 */
export function logsOf(backend: StoreBackend): LogsSource {
  return backend.kind === 'postgres' ? pgJsonLinesLogs(backend.db) : backend.dataDir;
}

/**
 * What the mail intake needs to share the mailbox with other replicas: on PostgreSQL the mailbox
 * lock (one replica reads at a time) and the shared processed memory; on files nothing (one
 * process holds the data directory).
 *
 * @example
 *   startMailIntake({ settings, dataDir, logger, handle, parse, ...mailIntakeSharing(backend) });
 */
export function mailIntakeSharing(backend: StoreBackend): Pick<MailIntakeOptions, 'processedLogs' | 'lock'> {
  if (backend.kind !== 'postgres') return {};
  return { processedLogs: pgJsonLinesLogs(backend.db), lock: new PgMailboxLock(backend.db) };
}
