import type { Config } from '../config';
import { assertSchemaCurrent } from '../db/migrations';
import { openStoreBackend, type StoreBackend } from '../store/store-backend';

/**
 * Runs `work` on the backend a command reads and writes: the database when SOCBOT_DATABASE_URL is
 * set (its schema checked first, so a database socbot never migrated says `socbot db migrate`
 * instead of "relation does not exist"), the data directory otherwise. The database's pool is
 * closed afterwards, also when `work` fails; `work` must flush what it wrote before it returns.
 *
 * @example
 *   const history = await withStoreBackend(deps.config(), (backend) => new TriageLog(logsOf(backend)).read());
 */
export async function withStoreBackend<T>(
  config: Config,
  work: (backend: StoreBackend) => Promise<T>,
): Promise<T> {
  if (config.database) await assertSchemaCurrent(config.database);
  const backend = openStoreBackend(config, { applicationName: 'socbot cli' });
  try {
    return await work(backend);
  } finally {
    if (backend.kind === 'postgres') await backend.db.close();
  }
}

/**
 * Where a backend keeps its data, for a command's "nothing there" message.
 *
 * @example
 *   `No alerts registered yet (${whereStored(backend)}).` // "(database postgres://…/socbot)"
 */
export function whereStored(backend: StoreBackend): string {
  return backend.kind === 'postgres' ? `database ${backend.db.url}` : `data directory ${backend.dataDir}`;
}
