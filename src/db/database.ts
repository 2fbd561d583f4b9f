import { createHash } from 'node:crypto';
import { Pool, types, type PoolClient, type QueryConfig, type QueryResultRow } from 'pg';
import { SocbotError } from '../errors';
import { redactedDatabaseUrl, type DatabaseSettings } from './database-settings';
import { connectionOf } from './pool-connection';

/** Something that runs SQL: the database itself, or one transaction's connection. */
export interface Queryable {
  /** Runs one statement with `$1…` parameters (never string-built values); resolves to its rows. */
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** A connection held across calls ({@link Database.connect}); `release` gives it back (once). */
export interface HeldConnection extends Queryable {
  /** False once the server cut it or a statement on it failed for want of it: not to be handed on. */
  readonly usable: boolean;
  /** Back to the pool, or closed when `discard` is true or the connection broke. */
  release(discard?: boolean): void;
}

/** What each statement cost, for the store latency metric. */
export interface QueryObservation {
  readonly ms: number;
  readonly ok: boolean;
}

export interface DatabaseOptions {
  /** Shown in `pg_stat_activity` (which replica holds which lock). */
  applicationName?: string;
  /** Called after every statement (metrics). */
  onQuery?: (observation: QueryObservation) => void;
  /** Bound on one statement, lock waits included (default 30 s): nothing waits forever. */
  statementTimeoutMs?: number;
  /**
   * Pins the session's isolation to READ COMMITTED whatever the database's default: the turn lock's
   * `socbot_turn_begin` reads what was committed before the lock was granted only under it, and an
   * audit append that waited on the chain head's row lock chains onto the new head only under it.
   */
  readCommitted?: boolean;
  /**
   * Plans each prepared statement once for any parameters (`plan_cache_mode=force_generic_plan`).
   * For pools whose statements look rows up by key only: PostgreSQL otherwise re-plans a lookup of
   * `key = ANY(array)` inside a PL/pgSQL function on every call, because it cannot see that a plan
   * for ten keys (its generic guess) is the plan for two.
   */
  genericPlans?: boolean;
}

/** SQLSTATEs after which a whole transaction may simply run again: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
const TRANSACTION_ATTEMPTS = 5;

// int8 (COUNT, BIGSERIAL) as a number: socbot's counters stay far below 2^53.
const INT8_OID = 20;
const parseInt8 = (value: string): number => Number(value);

/**
 * The shared PostgreSQL store's connection pool (issue 15). Every store's PostgreSQL implementation
 * runs its SQL through one Database; values always travel as parameters.
 *
 * - A server that cannot be reached is DATABASE_UNAVAILABLE naming the URL (password hidden) and
 *   what to check; the caller's request fails, nothing is half-written (each change is one transaction).
 * - `transaction` runs its work again (at most 5 times) after a serialization failure or a deadlock.
 *
 * @example
 *   const db = openDatabase(config.database);
 *   const rows = await db.query<{ ref: string }>('SELECT ref FROM alerts WHERE ref = $1', [ref]);
 *   await db.transaction(async (tx) => { await tx.query('UPDATE …', [...]); });
 *   await db.close();
 */
export class Database implements Queryable {
  readonly url: string;
  private readonly pool: Pool;
  private readonly poolSize: number;

  constructor(
    settings: DatabaseSettings,
    private readonly options: DatabaseOptions = {},
  ) {
    this.url = redactedDatabaseUrl(settings.url);
    this.poolSize = settings.poolSize;
    this.pool = new Pool({
      max: settings.poolSize,
      application_name: options.applicationName ?? 'socbot',
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? parseInt8 : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
      },
      // Last, as with a connectionString: the URL's parameters win over the settings above.
      ...connectionOf(settings.url, options),
    });
    // An idle connection the server dropped must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  query<R extends QueryResultRow = QueryResultRow>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<R[]> {
    return this.observed(async () => (await this.pool.query<R>(statementOf(sql, params))).rows);
  }

  /**
   * Runs `work` in one transaction (READ COMMITTED unless `work` says otherwise) and commits;
   * rolls back on any error. Retried as a whole after a serialization failure or deadlock, so
   * `work` must not have effects outside the database.
   */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.onConnection(async (tx, dirty) => {
          await tx.query('BEGIN');
          try {
            const result = await work(tx);
            await tx.query('COMMIT');
            return result;
          } catch (error) {
            // Rolled back, the connection is clean and goes back to the pool: an ordinary refusal
            // (a duplicate, a conflict) must not cost a reconnect. Only a failed ROLLBACK closes it.
            await tx.query('ROLLBACK').catch(() => dirty());
            throw error;
          }
        });
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !RETRYABLE.has(sqlStateOf(error))) throw error;
      }
    }
  }

  /**
   * Runs `work` on one connection of its own (session-level advisory locks, LISTEN); the
   * connection goes back to the pool afterwards, or is closed when `work` failed (its session
   * state unknown: a lock it may still hold must not pass to the next user).
   */
  withClient<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    return this.onConnection(async (client, dirty) => {
      try {
        return await work(client);
      } catch (error) {
        dirty();
        throw error;
      }
    });
  }

  /** A connection from the pool for `work`; closed instead of reused when `work` calls `dirty()` or it broke. */
  private async onConnection<T>(work: (client: Queryable, dirty: () => void) => Promise<T>): Promise<T> {
    const connection = await this.connect();
    let discard = false;
    try {
      return await work(connection, () => {
        discard = true;
      });
    } catch (error) {
      if (error instanceof SocbotError && error.code === 'DATABASE_UNAVAILABLE') discard = true;
      throw error;
    } finally {
      connection.release(discard);
    }
  }

  /**
   * One connection of the pool, held until `release` (the turn lock hands one from turn to turn).
   * A connection the server cut, or whose statement failed for want of one, is closed on release
   * instead of going back to the pool; `release(true)` closes it in any case (its session state
   * unknown: a lock it may still hold must not pass to the next user).
   */
  async connect(): Promise<HeldConnection> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.unavailable(error);
    }
    // A checked-out connection the server cuts (pg_terminate_backend, a restart) emits 'error'
    // between queries; the pool listens only on idle ones. The next query on it fails instead.
    let broken = false;
    const noteCut = (): void => {
      broken = true;
    };
    client.on('error', noteCut);
    let released = false;
    return {
      query: async <R extends QueryResultRow>(sql: string, params: readonly unknown[] = []) => {
        try {
          return await this.observed(async () => (await client.query<R>(statementOf(sql, params))).rows);
        } catch (error) {
          if (error instanceof SocbotError && error.code === 'DATABASE_UNAVAILABLE') broken = true;
          throw error;
        }
      },
      get usable() {
        return !broken && !released;
      },
      release: (discard = false) => {
        if (released) return;
        released = true;
        client.off('error', noteCut);
        client.release(discard || broken);
      },
    };
  }

  /** Round trip to the server, for /healthz: `{ ok, ms }` or the reason it is down. */
  async ping(): Promise<{ ok: true; ms: number } | { ok: false; reason: string }> {
    const started = performance.now();
    try {
      await this.query('SELECT 1');
      return { ok: true, ms: Math.round((performance.now() - started) * 10) / 10 };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Closes every connection once the queries under way are done. Safe to call twice. */
  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async observed<R>(run: () => Promise<R>): Promise<R> {
    const started = performance.now();
    try {
      const result = await run();
      this.options.onQuery?.({ ms: performance.now() - started, ok: true });
      return result;
    } catch (error) {
      this.options.onQuery?.({ ms: performance.now() - started, ok: false });
      throw isConnectionError(error) ? this.unavailable(error) : error;
    }
  }

  private unavailable(error: unknown): SocbotError {
    const reason = error instanceof Error ? error.message : String(error);
    // pg-pool says "timeout exceeded when trying to connect" both when the server does not answer
    // and when every connection of this process is in use: the second is load, not an outage.
    if (/timeout exceeded when trying to connect/i.test(reason) && this.pool.totalCount >= this.poolSize) {
      return new SocbotError(
        'DATABASE_BUSY',
        `All ${this.poolSize} database connections of this socbot were in use for 5 s, so this request was given up (nothing of it was written). Raise SOCBOT_DATABASE_POOL (and PostgreSQL's max_connections: each replica opens up to 2 × SOCBOT_DATABASE_POOL + 2), or add replicas.`,
        { url: this.url, poolSize: this.poolSize },
        { cause: error },
      );
    }
    if (sqlStateOf(error) === '53300') {
      return new SocbotError(
        'DATABASE_UNAVAILABLE',
        `PostgreSQL at ${this.url} refuses more connections (max_connections reached). Raise max_connections to at least replicas × (2 × SOCBOT_DATABASE_POOL + 2), or lower SOCBOT_DATABASE_POOL; nothing of this request was written.`,
        { url: this.url },
        { cause: error },
      );
    }
    return databaseUnreachable(this.url, error);
  }
}

/**
 * DATABASE_UNAVAILABLE for a server that did not answer or refused the login: the URL (password
 * hidden, `redactedUrl`) and what to check. For the pool and for the migrations' own connection.
 */
export function databaseUnreachable(redactedUrl: string, error: unknown): SocbotError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SocbotError(
    'DATABASE_UNAVAILABLE',
    `PostgreSQL at ${redactedUrl} cannot be reached (${reason}). Check that the server is up and that SOCBOT_DATABASE_URL names it with the right user and password; nothing of this request was written.`,
    { url: redactedUrl },
    { cause: error },
  );
}

/** Statement names by SQL text: computed once per call site's text, not per call. */
const statementNames = new Map<string, string>();

/**
 * A statement with parameters is sent as a named prepared statement (named by its text's hash), so
 * each connection parses and plans it once instead of on every turn: most of PostgreSQL's CPU per
 * turn was planning the same few statements. One without parameters (BEGIN, COMMIT, a migration's
 * several commands) goes as a simple query.
 */
function statementOf(sql: string, params: readonly unknown[]): QueryConfig {
  if (params.length === 0) return { text: sql };
  if (params.some(holdsNul)) throw nulRefused();
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `socbot_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return { name, text: sql, values: [...params] };
}

/**
 * A text parameter (or text array) holding U+0000, which PostgreSQL refuses in any text value (its
 * error would read as an encoding fault). JSON values are made safe before (`jsonParam`); this is
 * the rest: ids and keys from a channel, a SIEM, a form.
 */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && item.includes('\u0000'));
}

function nulRefused(): SocbotError {
  return new SocbotError(
    'INPUT_INVALID',
    'A value for PostgreSQL contains the NUL character (U+0000), which PostgreSQL cannot store in text (an id or key from a channel, a SIEM or a form). Nothing was written; send it again without that character.',
  );
}

/** Opens the pool (connections are made on first use). */
export function openDatabase(settings: DatabaseSettings, options: DatabaseOptions = {}): Database {
  return new Database(settings, options);
}

/** The SQLSTATE of a PostgreSQL error ('' for anything else). */
export function sqlStateOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : '';
}

function isConnectionError(error: unknown): boolean {
  if (error instanceof SocbotError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string')
    return (
      error instanceof Error &&
      /Connection terminated|timeout exceeded when trying to connect/i.test(error.message)
    );
  // Socket errors, and SQLSTATE class 08 (connection exception), 57P01-03 (shut down), 28 (auth),
  // 53300 (too many connections).
  return (
    /^E[A-Z]+$/.test(code) ||
    /^08/.test(code) ||
    /^57P0[1-3]$/.test(code) ||
    /^28/.test(code) ||
    code === '53300'
  );
}
