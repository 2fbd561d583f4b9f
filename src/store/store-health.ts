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
 * How long /healthz waits for the database's answer: a load balancer's health check times out after
 * a few seconds, and a server that takes longer than this to say `SELECT 1` is not serving turns.
 */
const PING_TIMEOUT_MS = 2000;

/**
 * The store's health on each call (a `SELECT 1` on the pool for PostgreSQL, not ok when it takes
 * longer than `timeoutMs`). Why the database does not answer is logged once per distinct reason (a
 * load balancer polls every few seconds), and once more when it answers again.
 *
 * @example
 *   const storeHealth = watchStoreHealth(backend, logger);
 *   await storeHealth(); // { kind: 'postgres', ok: true, latencyMs: 0.4 }
 */
export function watchStoreHealth(
  backend: StoreBackend,
  logger?: Logger,
  timeoutMs = PING_TIMEOUT_MS,
): () => Promise<StoreHealth> {
  if (backend.kind === 'files') return () => Promise.resolve({ kind: 'files' });
  let loggedDown: string | undefined;
  return async () => {
    const ping = await withinTime(backend.db.ping(), timeoutMs);
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

/** The ping's answer, or not ok once `ms` passed (the ping itself ends by the pool's connection timeout). */
async function withinTime(
  ping: Promise<{ ok: true; ms: number } | { ok: false; reason: string }>,
  ms: number,
): Promise<{ ok: true; ms: number } | { ok: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ ok: false; reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer to SELECT 1 within ${ms} ms` }), ms);
    timer.unref();
  });
  try {
    return await Promise.race([ping, late]);
  } finally {
    clearTimeout(timer);
  }
}
