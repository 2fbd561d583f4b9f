import type { PoolConfig } from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { DatabaseOptions } from './database';

/**
 * Where and how a pool's sessions connect: the URL's fields, and the server settings they start with
 * (libpq's `options`). node-postgres lets a URL's parameters win over the pool's, so an `options`
 * parameter in SOCBOT_DATABASE_URL (an operator's own session settings) would drop the ones socbot
 * pins. So the URL is parsed here, by the parser node-postgres itself uses (host sockets, percent
 * escapes, sslmode read the same), and its options go first, socbot's after them: PostgreSQL applies
 * `-c` settings in order, so the operator's others stay and socbot's pinned ones hold.
 */
export function connectionOf(
  url: string,
  pinned: Pick<DatabaseOptions, 'readCommitted' | 'genericPlans'>,
): PoolConfig {
  const { options: operators, ...fromUrl } = parseConnectionString(url);
  const settings = [
    ...(typeof operators === 'string' && operators !== '' ? [operators] : []),
    ...(pinned.readCommitted ? ['-c default_transaction_isolation=read\\ committed'] : []),
    ...(pinned.genericPlans ? ['-c plan_cache_mode=force_generic_plan'] : []),
  ];
  // The fields as node-postgres takes them from a connectionString (it merges the same object).
  return { ...(fromUrl as PoolConfig), ...(settings.length > 0 ? { options: settings.join(' ') } : {}) };
}
