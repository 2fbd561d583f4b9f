import { Database, sqlStateOf, type Queryable } from '../../db/database';
import type { DatabaseSettings } from '../../db/database-settings';
import { SocbotError } from '../../errors';
import type { SharedTurnLock, TryRunOutcome } from '../turn-lock';

/** The advisory lock of a conversation: a 64-bit hash of a name only turn locks use. */
const LOCK = "SELECT pg_advisory_lock(hashtextextended('socbot turn ' || $1, 0))";
const TRY_LOCK = "SELECT pg_try_advisory_lock(hashtextextended('socbot turn ' || $1, 0)) AS locked";
const UNLOCK = "SELECT pg_advisory_unlock(hashtextextended('socbot turn ' || $1, 0))";

/** SQLSTATE of a statement cancelled by statement_timeout: the lock's wait limit. */
const QUERY_CANCELED = '57014';

const DEFAULT_WAIT_LIMIT_MS = 30_000;

export interface PgTurnLockOptions {
  /**
   * Connections of the lock's own pool, i.e. conversations whose turns run at once on this replica
   * (default: the database pool size). A further turn waits for one, within the wait limit.
   */
  connections?: number;
  /** Longest wait for a conversation's lock (default 30 s); then CONVERSATION_BUSY, never a hang. */
  waitLimitMs?: number;
  /** Shown in `pg_stat_activity` (which replica holds which lock). */
  applicationName?: string;
}

/** How the work under the lock ended, kept apart from how the lock's connection ended. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * The per-conversation turn lock every replica shares (issue 15): a session advisory lock,
 * `pg_advisory_lock(hashtextextended(key, 0))`, held on a connection of the lock's own pool for the
 * whole turn, so two replicas never run turns of one conversation at once and a turn waits for the
 * one before it (PostgreSQL grants a lock's waiters in the order they asked).
 *
 * - A pool of its own: a turn holds a lock connection while its own queries need the store's pool;
 *   sharing one pool would deadlock when every connection were held by a waiting turn.
 * - Bounded: a turn that waits longer than `waitLimitMs` (for a lock connection, or for the lock:
 *   the pool's statement_timeout) fails with CONVERSATION_BUSY.
 * - A replica that dies, or whose lock connection is cut (`pg_terminate_backend`), frees its locks
 *   with its session. A failed turn unlocks like a finished one.
 * - `tryRun` takes the lock only when it is free (`pg_try_advisory_lock`): the replay sweep never
 *   runs a cut-off action under a live turn of its conversation.
 * - ConversationQueue stays in front of it: the turns of one conversation on this replica queue in
 *   process, so they hold one lock connection, not one each.
 *
 * @example
 *   const lock = new PgTurnLock(config.database, { applicationName: `socbot ${replicaId} turn locks` });
 *   const queue = new ConversationQueue(lock);
 *   await queue.run(conversationId, () => runTheTurn());
 *   await lock.close();
 */
export class PgTurnLock implements SharedTurnLock {
  private readonly db: Database;
  private readonly connections: number;
  private readonly waitLimitMs: number;
  private inUse = 0;
  /** Turns waiting for a lock connection, first come first served. */
  private readonly waiting: (() => void)[] = [];

  constructor(settings: DatabaseSettings, options: PgTurnLockOptions = {}) {
    this.connections = options.connections ?? settings.poolSize;
    this.waitLimitMs = options.waitLimitMs ?? DEFAULT_WAIT_LIMIT_MS;
    this.db = new Database(
      { ...settings, poolSize: this.connections },
      {
        applicationName: options.applicationName ?? 'socbot turn locks',
        // Only lock statements run here: this bounds the wait for a lock.
        statementTimeoutMs: this.waitLimitMs,
      },
    );
  }

  async run<T>(conversationKey: string, work: () => Promise<T>): Promise<T> {
    const outcome = await this.underLock(conversationKey, LOCK, work);
    if (!outcome) throw new SocbotError('INTERNAL', 'The turn lock ran nothing; this is a bug.');
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  async tryRun<T>(conversationKey: string, work: () => Promise<T>): Promise<TryRunOutcome<T>> {
    const outcome = await this.underLock(conversationKey, TRY_LOCK, work);
    if (!outcome) return { ran: false };
    if (!outcome.ok) throw outcome.error;
    return { ran: true, value: outcome.value };
  }

  /** Waits for the turns holding lock connections, then closes them. */
  close(): Promise<void> {
    return this.db.close();
  }

  /**
   * Takes a lock connection and the conversation's lock (`lockSql`), runs `work`, unlocks.
   * Undefined when a try-lock found the lock taken. Once `work` ran, its outcome is what counts:
   * an unlock that fails (the connection was cut) drops the connection, which frees the lock too.
   */
  private async underLock<T>(
    conversationKey: string,
    lockSql: string,
    work: () => Promise<T>,
  ): Promise<Outcome<T> | undefined> {
    const started = Date.now();
    const release = await this.connection(conversationKey);
    let outcome: Outcome<T> | undefined;
    try {
      await this.db.withClient(async (client: Queryable) => {
        const [row] = await client.query<{ locked?: boolean }>(lockSql, [conversationKey]);
        if (row?.locked === false) return;
        try {
          outcome = { ok: true, value: await work() };
        } catch (error) {
          outcome = { ok: false, error };
        }
        await client.query(UNLOCK, [conversationKey]);
      });
    } catch (error) {
      if (outcome) return outcome;
      if (sqlStateOf(error) === QUERY_CANCELED) throw this.busy(conversationKey, Date.now() - started, error);
      throw error;
    } finally {
      release();
    }
    return outcome;
  }

  /** A place among the lock's connections, waited for at most the wait limit. */
  private connection(conversationKey: string): Promise<() => void> {
    const release = (): void => {
      const next = this.waiting.shift();
      if (next) next();
      else this.inUse -= 1;
    };
    if (this.inUse < this.connections) {
      this.inUse += 1;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const granted = (): void => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(granted);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(this.busy(conversationKey, Date.now() - started));
      }, this.waitLimitMs);
      this.waiting.push(granted);
    });
  }

  private busy(conversationKey: string, waitedMs: number, cause?: unknown): SocbotError {
    return new SocbotError(
      'CONVERSATION_BUSY',
      `A turn of the conversation "${conversationKey}" waited ${waitedMs} ms for the turns before it ` +
        `(limit ${this.waitLimitMs} ms, ${this.connections} lock connections per replica) and was given up. ` +
        "The message can be sent again; if this repeats, look for a turn that hangs (its replica's log) " +
        'or raise SOCBOT_DATABASE_POOL.',
      { conversationKey, waitedMs, waitLimitMs: this.waitLimitMs },
      cause === undefined ? undefined : { cause },
    );
  }
}
