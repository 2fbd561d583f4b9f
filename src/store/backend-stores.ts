import { AuditLog, auditFilePath } from '../audit/audit-log';
import type { AuditTrail } from '../audit/audit-trail';
import { FileOutboxStore } from '../outbox/file-outbox-store';
import type { OutboxStore } from '../outbox/outbox-store';
import { AlertRegister } from './alert-register';
import type { AlertStore } from './alert-store';
import { ConversationDirectoryStore } from './conversation-directory';
import { PgAlertRegister } from './postgres/pg-alert-register';
import { PgAuditTrail } from './postgres/pg-audit-trail';
import { PgConversationDirectory } from './postgres/pg-conversation-directory';
import { PgOutboxStore } from './postgres/pg-outbox-store';
import type { StoreBackend } from './store-backend';

/**
 * The alert register on this backend: `alerts.jsonl` in the data directory, or PostgreSQL.
 * One place decides, for the app and every CLI command.
 *
 * @example
 *   const alerts = alertStoreOf(backend);
 */
export function alertStoreOf(backend: StoreBackend, now?: () => Date): AlertStore {
  return backend.kind === 'postgres'
    ? new PgAlertRegister(backend.db, now)
    : new AlertRegister(backend.dataDir, now);
}

/**
 * The audit trail on this backend: `audit.jsonl` in the data directory, or the database's one chain.
 * `secrets` (credentialValues(config)) are removed from every entry appended.
 *
 * @example
 *   const audit = auditTrailOf(backend, { secrets: credentialValues(config) });
 */
export function auditTrailOf(
  backend: StoreBackend,
  options: { now?: () => Date; secrets?: readonly string[] } = {},
): AuditTrail {
  return backend.kind === 'postgres'
    ? new PgAuditTrail(backend.db, options.now, options.secrets)
    : new AuditLog(auditFilePath(backend.dataDir), options.now, options.secrets);
}

/**
 * Where the outbox keeps its jobs on this backend: `outbox.json`, or the shared `outbox_jobs` table
 * (claimed as this replica).
 *
 * @example
 *   const outbox = new Outbox({ dataDir, store: outboxStoreOf(backend) });
 */
export function outboxStoreOf(backend: StoreBackend): OutboxStore {
  return backend.kind === 'postgres'
    ? new PgOutboxStore(backend.db, backend.replicaId)
    : new FileOutboxStore(backend.dataDir);
}

/**
 * The conversation directory on this backend: `conversations.json` in the data directory, or a row
 * per address and registration in PostgreSQL.
 *
 * @example
 *   const directory = conversationDirectoryOf(backend);
 */
export function conversationDirectoryOf(backend: StoreBackend): ConversationDirectoryStore {
  return new ConversationDirectoryStore(
    backend.kind === 'postgres' ? new PgConversationDirectory(backend.db) : backend.dataDir,
  );
}
