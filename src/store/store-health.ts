import type { Logger } from '../logger';
import type { StoreBackend } from './store-backend';

/**
 * What /healthz says about the store: the data directory's files (their damage shows as repairs
 * and as a 503 when the outbox cannot be read), or the shared PostgreSQL database: whether it
 * answered a round trip, and how fast. Never the URL, the host or the reason (unauthenticated
 * callers read /healthz): the reason goes to the log.
 */
export type StoreHealth =
  { kind: 'files' } | { kind: 'postgres'; ok: true; latencyMs: number } | { kind: 'postgres'; ok: false };

/**
 * The store's health on each call (a `SELECT 1` on the pool for PostgreSQL). Why the database does
 * not answer is logged once per distinct reason (a load balancer polls every few seconds), and
 * once more when it answers again.
 *
 * @example
 *   const storeHealth = watchStoreHealth(backend, logger);
 *   await storeHealth(); // { kind: 'postgres', ok: true, latencyMs: 0.4 }
 */
export function watchStoreHealth(backend: StoreBackend, logger?: Logger): () => Promise<StoreHealth> {
  if (backend.kind === 'files') return () => Promise.resolve({ kind: 'files' });
  let loggedDown: string | undefined;
  return async () => {
    const ping = await backend.db.ping();
    if (ping.ok) {
      if (loggedDown !== undefined)
        logger?.info({ url: backend.db.url }, 'the shared database answers again');
      loggedDown = undefined;
      return { kind: 'postgres', ok: true, latencyMs: ping.ms };
    }
    if (ping.reason !== loggedDown) {
      loggedDown = ping.reason;
      logger?.error(
        { reason: ping.reason },
        '/healthz: the shared database (SOCBOT_DATABASE_URL) does not answer',
      );
    }
    return { kind: 'postgres', ok: false };
  };
}
