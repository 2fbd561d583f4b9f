import { auditTrailOf } from '../store/backend-stores';
import { AuditLog } from '../audit/audit-log';
import type { AuditTrail } from '../audit/audit-trail';
import type { Config } from '../config';
import { withStoreBackend } from './with-store-backend';

/**
 * Runs `read` on the audit trail a command reads: `file` when given (`--file`), else the
 * database's when SOCBOT_DATABASE_URL is set (its schema current), else the data directory's
 * `audit.jsonl`. Only read: nothing is appended, and the database's pool is closed afterwards.
 *
 * @example
 *   const check = await withAuditTrail(deps.config, options.file, (trail) => trail.verify());
 */
export async function withAuditTrail<T>(
  config: () => Config,
  file: string | undefined,
  read: (trail: AuditTrail) => Promise<T>,
): Promise<T> {
  if (file !== undefined) return read(new AuditLog(file));
  return withStoreBackend(config(), (backend) => read(auditTrailOf(backend)));
}
