import { z } from 'zod';
import { configInvalid, problemsOf } from '../config/config-problems';

const URL_ADVICE =
  'must be a PostgreSQL URL such as postgres://socbot:PASSWORD@db.example.com:5432/socbot (or empty for the embedded lowdb files)';
const POOL_ADVICE = 'must be a whole number of connections from 2 to 100, e.g. 10 (the default)';
/** How long a finished turn's lock lingers by default (SOCBOT_TURN_LOCK_LINGER_MS). */
export const DEFAULT_TURN_LOCK_LINGER_MS = 5;
const LINGER_ADVICE =
  'must be a whole number of milliseconds from 0 (release each turn lock at once) to 100, e.g. 5 (the default)';

const SettingsSchema = z.object({
  SOCBOT_DATABASE_URL: z
    .string()
    .trim()
    .default('')
    .refine((url) => url === '' || /^postgres(ql)?:\/\//.test(url), { message: URL_ADVICE }),
  SOCBOT_DATABASE_POOL: z.coerce
    .number({ error: POOL_ADVICE })
    .int(POOL_ADVICE)
    .min(2, POOL_ADVICE)
    .max(100, POOL_ADVICE)
    .default(10),
  SOCBOT_TURN_LOCK_LINGER_MS: z.coerce
    .number({ error: LINGER_ADVICE })
    .int(LINGER_ADVICE)
    .min(0, LINGER_ADVICE)
    .max(100, LINGER_ADVICE)
    .default(DEFAULT_TURN_LOCK_LINGER_MS),
});

/** The shared PostgreSQL store (issue 15); undefined in the `database` section while SOCBOT_DATABASE_URL is empty. */
export interface DatabaseSettings {
  /** SOCBOT_DATABASE_URL as given: it may hold a password (a credential, never logged). */
  readonly url: string;
  /** SOCBOT_DATABASE_POOL: the most connections one socbot process opens. */
  readonly poolSize: number;
  /**
   * SOCBOT_TURN_LOCK_LINGER_MS: how long a finished turn keeps its conversation's lock for the
   * replica's next turn to release in passing (PgTurnLock; default 5, 0 = release at once).
   */
  readonly turnLockLingerMs?: number;
}

/**
 * Reads the database settings; throws CONFIG_INVALID naming each bad variable.
 *
 * @example
 *   loadDatabaseSettings({}); // undefined: every store stays the embedded lowdb files
 */
export function loadDatabaseSettings(env: NodeJS.ProcessEnv): DatabaseSettings | undefined {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) throw configInvalid('database settings', problemsOf(parsed.error));
  const e = parsed.data;
  if (e.SOCBOT_DATABASE_URL === '') return undefined;
  return Object.freeze({
    url: e.SOCBOT_DATABASE_URL,
    poolSize: e.SOCBOT_DATABASE_POOL,
    turnLockLingerMs: e.SOCBOT_TURN_LOCK_LINGER_MS,
  });
}

/** Query parameters of a PostgreSQL URL that carry a secret (pg reads every parameter into its config). */
const SECRET_PARAMETERS = ['password', 'sslpassword'] as const;

/**
 * The passwords inside a database URL (for the logger to scrub): the `user:password@` part and a
 * `?password=` or `?sslpassword=` parameter; empty when it has none.
 */
export function databasePasswords(settings: DatabaseSettings | undefined): string[] {
  if (!settings) return [];
  try {
    const parsed = new URL(settings.url);
    return [
      decodeURIComponent(parsed.password),
      ...SECRET_PARAMETERS.map((name) => parsed.searchParams.get(name) ?? ''),
    ].filter((value) => value !== '');
  } catch {
    return [];
  }
}

/** The URL without its passwords (userinfo and secret parameters), for logs, /healthz and error messages. */
export function redactedDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const name of SECRET_PARAMETERS)
      if (parsed.searchParams.has(name)) parsed.searchParams.set(name, '***');
    return parsed.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}
