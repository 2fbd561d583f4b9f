import { Database, sqlStateOf, type DatabaseOptions, type HeldConnection } from '../../db/database';
import { DEFAULT_TURN_LOCK_LINGER_MS, type DatabaseSettings } from '../../db/database-settings';
import { isSocbotError, SocbotError } from '../../errors';
import type { Logger } from '../../logger';
import type { SharedTurnLock, TryRunOutcome, TurnReadAhead } from '../turn-lock';
import { FINISH_INTENTS_SQL } from './pg-action-intents';
import { closeTurnSnapshot, openTurnSnapshot, type TurnSnapshot } from './turn-snapshot';

/**
 * Releases the lock a handed-on connection still holds, takes the conversation's lock and reads
 * what the turn reads first, in one round trip (migrations/0700_turn_begin.sql).
 */
const TURN_BEGIN =
  'SELECT kind, locked, name, value, version FROM socbot_turn_begin($1, $2, $3, $4::text[], $5::text[])';
const UNLOCK = "SELECT pg_advisory_unlock(hashtextextended('socbot turn ' || $1, 0))";
/** Marks the turn's finished action intents, commits, then releases the lock (migrations/0720_turn_end.sql). */
const TURN_END = 'CALL socbot_turn_end($1, $2::text[])';

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
  /**
   * How long a finished turn's connection keeps its lock when no turn waits for a connection
   * (default 5 ms): a turn that starts on this replica meanwhile takes it over and releases that
   * lock in its first statement, so a busy replica spends no round trip on releases. A turn of the
   * same conversation on another replica waits this long for it, plus however long this replica's
   * event loop is busy. 0: release at once. Default: the settings' `turnLockLingerMs`, else 5.
   */
  lingerMs?: number;
  /** Where a release that failed with finished confirmed actions is told (they may be told twice). */
  logger?: Logger;
  /**
   * Documents every turn reads first (the incident rooms), whose row versions the lock reads with it;
   * PgDocument trusts them for a turn's first read of those documents.
   */
  documentsReadAtTurnStart?: readonly string[];
}

/** How the work under the lock ended, kept apart from how the lock's connection ended. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A place among the lock's connections: empty, or a connection handed on by the turn before with
 * the key of the lock it still holds (released by this turn's first statement).
 */
interface Grant {
  connection?: HeldConnection;
  releaseFirst?: string;
}

/** A finished turn's connection still holding its lock for `lingerMs`, for the next turn to take over. */
interface Lingering {
  readonly connection: HeldConnection;
  readonly conversationKey: string;
  readonly timer: NodeJS.Timeout;
}

/** A row of `socbot_turn_begin`: whether the lock was taken, a state item, or a document's version. */
type BeginRow =
  | { kind: 'lock'; locked: boolean }
  | { kind: 'state'; name: string; value: Record<string, unknown>; version: string }
  | { kind: 'document'; name: string; version: string };

/** How the lock pool's sessions start. */
export const TURN_LOCK_SESSIONS: Pick<DatabaseOptions, 'readCommitted' | 'genericPlans'> = {
  // socbot_turn_begin reads what the turn before committed only under READ COMMITTED.
  readCommitted: true,
  // Its statements look rows up by key: re-planning socbot_turn_begin's reads and
  // socbot_turn_end's UPDATE on every turn cost PostgreSQL more than running them.
  genericPlans: true,
};

/**
 * The per-conversation turn lock every replica shares (issue 15): a session advisory lock,
 * `pg_advisory_lock(hashtextextended(key, 0))`, held on a connection of the lock's own pool for the
 * whole turn, so two replicas never run turns of one conversation at once and a turn waits for the
 * one before it (PostgreSQL grants a lock's waiters in the order they asked).
 *
 * - At most two round trips per turn, where a turn costs about one per statement: taking the lock
 *   also reads the conversation's state and the documents' row versions (`socbot_turn_begin`; the
 *   stores take them from the TurnSnapshot instead of asking again). A turn that ends while another
 *   waits for a lock connection hands its connection straight on, and one that ends while none waits
 *   keeps its lock for `lingerMs` (5 ms) on its connection: a turn starting on this replica meanwhile
 *   takes that connection, and its first statement releases the lock before taking its own; else it
 *   unlocks then (its own round trip). A busy replica thus spends no round trip on releases; a turn
 *   of the same conversation on another replica waits `lingerMs` longer, plus however long this
 *   replica's event loop is busy. A handed-on or lingering connection that died meanwhile is replaced.
 * - A turn that finished confirmed actions (its answer is out) has them marked finished by its
 *   release (`socbot_turn_end`: mark, commit, unlock; no handing on or lingering, so a waiting turn
 *   opens a connection of its own): whoever takes the lock next, the replay sweep included, finds
 *   them finished. When that statement fails, they are marked before the lock is released if the
 *   connection still works; if it was cut (the lock is free already) on a fresh one, logged.
 * - A pool of its own: a turn holds a lock connection while its own queries need the store's pool;
 *   sharing one pool would deadlock when every connection were held by a waiting turn.
 * - Bounded: a turn that waits longer than `waitLimitMs` (for a lock connection, or for the lock:
 *   the pool's statement_timeout) fails with CONVERSATION_BUSY.
 * - A replica that dies, or whose lock connection is cut (`pg_terminate_backend`), frees its locks
 *   with its session. A failed turn unlocks like a finished one; a connection whose statement failed
 *   is closed, which frees whatever lock it held.
 * - `tryRun` takes the lock only when it is free (`pg_try_advisory_lock`): the replay sweep never
 *   runs a cut-off action under a live turn of its conversation.
 * - ConversationQueue stays in front of it: the turns of one conversation on this replica queue in
 *   process, so they hold one lock connection, not one each.
 *
 * @example
 *   const lock = new PgTurnLock(config.database, { applicationName: `socbot ${replicaId} turn locks` });
 *   const queue = new ConversationQueue(lock);
 *   await queue.run(conversationId, () => runTheTurn(), { stateKeys: [conversationStateKey(channelId, conversationId)] });
 *   await lock.close();
 */
export class PgTurnLock implements SharedTurnLock {
  private readonly db: Database;
  private readonly connections: number;
  private readonly waitLimitMs: number;
  private readonly documents: readonly string[];
  private readonly lingerMs: number;
  private readonly logger: Logger | undefined;
  private inUse = 0;
  /** Set by close: no connection lingers any more. */
  private closing = false;
  /** Connections of finished turns still holding their locks, oldest first (each keeps its place). */
  private readonly lingering: Lingering[] = [];
  /** Turns waiting for a lock connection, first come first served. */
  private readonly waiting: ((grant: Grant) => void)[] = [];

  constructor(settings: DatabaseSettings, options: PgTurnLockOptions = {}) {
    this.connections = options.connections ?? settings.poolSize;
    this.waitLimitMs = options.waitLimitMs ?? DEFAULT_WAIT_LIMIT_MS;
    this.documents = [...(options.documentsReadAtTurnStart ?? [])];
    this.lingerMs = options.lingerMs ?? settings.turnLockLingerMs ?? DEFAULT_TURN_LOCK_LINGER_MS;
    this.logger = options.logger;
    this.db = new Database(
      { ...settings, poolSize: this.connections },
      {
        applicationName: options.applicationName ?? 'socbot turn locks',
        // Only lock statements run here: this bounds the wait for a lock.
        statementTimeoutMs: this.waitLimitMs,
        ...TURN_LOCK_SESSIONS,
      },
    );
  }

  async run<T>(conversationKey: string, work: () => Promise<T>, readAhead?: TurnReadAhead): Promise<T> {
    const outcome = await this.underLock(conversationKey, true, readAhead, work);
    if (!outcome) throw new SocbotError('INTERNAL', 'The turn lock ran nothing; this is a bug.');
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  async tryRun<T>(
    conversationKey: string,
    work: () => Promise<T>,
    readAhead?: TurnReadAhead,
  ): Promise<TryRunOutcome<T>> {
    const outcome = await this.underLock(conversationKey, false, readAhead, work);
    if (!outcome) return { ran: false };
    if (!outcome.ok) throw outcome.error;
    return { ran: true, value: outcome.value };
  }

  /** Frees the locks of finished turns at once, waits for the turns holding lock connections, then closes them. */
  close(): Promise<void> {
    this.closing = true;
    // Closing a connection ends its session, which frees its lock: no round trip needed.
    for (const lingering of this.lingering.splice(0)) {
      clearTimeout(lingering.timer);
      lingering.connection.release(true);
      this.freePlace();
    }
    return this.db.close();
  }

  /**
   * Takes a lock connection and the conversation's lock (waiting for it, or only if it is free),
   * runs `work` with what was read alongside, and releases the lock (or hands the connection on).
   * Undefined when a try-lock found the lock taken. Once `work` ran, its outcome is what counts: a
   * release that fails (the connection was cut) closes the connection, which frees the lock too.
   */
  private async underLock<T>(
    conversationKey: string,
    wait: boolean,
    readAhead: TurnReadAhead | undefined,
    work: () => Promise<T>,
  ): Promise<Outcome<T> | undefined> {
    const started = Date.now();
    const stateKeys = [...(readAhead?.stateKeys ?? [])];
    // A channel's turn reads the documents first thing; other work under the lock (the replay sweep)
    // may read them much later, when a version read now could be out of date.
    const documents = readAhead ? this.documents : [];
    const grant = await this.place(conversationKey);
    let connection: HeldConnection | undefined;
    // The connection went on still locked (to a waiting turn, or lingering): its place stays taken.
    let keptLocked = false;
    let finished: readonly string[] = [];
    let outcome: Outcome<T> | undefined;
    try {
      const begun = await this.begin(grant, [conversationKey, wait, stateKeys, documents]);
      connection = begun.connection;
      const rows = begun.rows;
      const [lock] = rows;
      if (lock?.kind !== 'lock' || !lock.locked) return undefined;
      const snapshot = snapshotOf(conversationKey, rows, stateKeys, documents);
      openTurnSnapshot(snapshot);
      try {
        outcome = { ok: true, value: await work() };
      } catch (error) {
        outcome = { ok: false, error };
      } finally {
        // Timers and jobs the turn started outlive it: they must not read its snapshot.
        closeTurnSnapshot(snapshot);
      }
      finished = snapshot.finishedIntents;
      keptLocked = await this.endTurn(connection, conversationKey, finished);
    } catch (error) {
      connection?.release(true);
      connection = undefined;
      // The lock went with the closed session; the finished intents are marked on a fresh connection.
      if (finished.length > 0) await this.finishAlone(finished, error);
      if (outcome) return outcome;
      if (sqlStateOf(error) === QUERY_CANCELED) throw this.busy(conversationKey, Date.now() - started, error);
      throw error;
    } finally {
      if (!keptLocked) {
        connection?.release();
        this.freePlace();
      }
    }
    return outcome;
  }

  /**
   * Releases the turn's lock, or keeps it (handed on to a waiting turn, lingering): true when kept.
   * With finished intents it marks them in the releasing statement, committed before the lock is
   * free, and neither hands on nor lingers. When that statement fails on a connection that still
   * works, the lock is still held: they are marked and the lock released apart, in that order.
   */
  private async endTurn(
    connection: HeldConnection,
    conversationKey: string,
    finished: readonly string[],
  ): Promise<boolean> {
    if (finished.length === 0) {
      if (this.handOn(connection, conversationKey) || this.linger(connection, conversationKey)) return true;
      await connection.query(UNLOCK, [conversationKey]);
      return false;
    }
    try {
      await connection.query(TURN_END, [conversationKey, [...finished]]);
    } catch (error) {
      if (!connection.usable) throw error;
      await connection.query(FINISH_INTENTS_SQL, [[...finished]]);
      await connection.query(UNLOCK, [conversationKey]);
    }
    return false;
  }

  /**
   * The turn's finished intents when its lock connection failed (cut: the lock is free anyway). If
   * this fails too they stay begun: the sweep replays them (idempotently) and tells the analyst again.
   */
  private async finishAlone(finished: readonly string[], releaseError: unknown): Promise<void> {
    this.logger?.warn(
      { err: releaseError, requests: finished },
      'the turn lock connection failed at the end of a turn with confirmed actions; they are marked finished apart',
    );
    await this.db.query(FINISH_INTENTS_SQL, [[...finished]]).catch((error: unknown) => {
      this.logger?.error(
        { err: error, requests: finished },
        'could not mark confirmed actions finished: the sweep will replay them (the same request ids, nothing done twice) and tell the analyst once more',
      );
    });
  }

  /**
   * The turn's first statement (`socbot_turn_begin` with `params` after the key to release), on the
   * connection handed on with the grant, or a fresh one: also when the handed-on one died meanwhile
   * (its lock died with it). A connection whose statement failed is closed.
   */
  private async begin(
    grant: Grant,
    params: readonly unknown[],
  ): Promise<{ connection: HeldConnection; rows: BeginRow[] }> {
    const handed = grant.connection;
    if (handed) {
      try {
        return {
          connection: handed,
          rows: await handed.query<BeginRow>(TURN_BEGIN, [grant.releaseFirst ?? null, ...params]),
        };
      } catch (error) {
        // Cut since it was handed on or began to linger: its lock died with it; a fresh one takes over.
        const cut = !handed.usable || isSocbotError(error, 'DATABASE_UNAVAILABLE');
        handed.release(true);
        if (!cut) throw error;
      }
    }
    const connection = await this.db.connect();
    try {
      return { connection, rows: await connection.query<BeginRow>(TURN_BEGIN, [null, ...params]) };
    } catch (error) {
      connection.release(true);
      throw error;
    }
  }

  /**
   * A place among the lock's connections, waited for at most the wait limit: a lingering connection
   * first (the one holding this conversation's lock if there is one), else a free place.
   */
  private place(conversationKey: string): Promise<Grant> {
    const lingering = this.takeLingering(conversationKey);
    if (lingering) {
      return Promise.resolve({ connection: lingering.connection, releaseFirst: lingering.conversationKey });
    }
    if (this.inUse < this.connections) {
      this.inUse += 1;
      return Promise.resolve({});
    }
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const granted = (grant: Grant): void => {
        clearTimeout(timer);
        resolve(grant);
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(granted);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(this.busy(conversationKey, Date.now() - started));
      }, this.waitLimitMs);
      this.waiting.push(granted);
    });
  }

  /** A finished turn's place goes to the next waiting turn, if any. */
  private freePlace(): void {
    const next = this.waiting.shift();
    if (next) next({});
    else this.inUse -= 1;
  }

  /**
   * Gives `connection`, still holding `conversationKey`'s lock, to the next waiting turn, whose
   * first statement releases it: the release costs no round trip of its own. False when none waits.
   */
  private handOn(connection: HeldConnection, conversationKey: string): boolean {
    // A connection the server cut would fail the next turn's first statement: it is closed instead.
    if (!connection.usable) return false;
    const next = this.waiting.shift();
    if (!next) return false;
    next({ connection, releaseFirst: conversationKey });
    return true;
  }

  /**
   * Keeps a finished turn's connection, still locked, for `lingerMs`: a turn starting here meanwhile
   * takes it over (`place`); else it unlocks then. False when lingering is off or the connection broke.
   */
  private linger(connection: HeldConnection, conversationKey: string): boolean {
    if (this.lingerMs <= 0 || this.closing || !connection.usable) return false;
    const timer = setTimeout(() => {
      const index = this.lingering.findIndex((entry) => entry.timer === timer);
      if (index < 0) return;
      this.lingering.splice(index, 1);
      connection
        .query(UNLOCK, [conversationKey])
        .then(
          () => connection.release(),
          // The lock goes with the closed connection's session.
          () => connection.release(true),
        )
        .finally(() => this.freePlace());
    }, this.lingerMs);
    // A lingering lock must not keep the process alive: its session ends with the process.
    timer.unref();
    this.lingering.push({ connection, conversationKey, timer });
    return true;
  }

  /**
   * The lingering connection holding `conversationKey`'s lock, else the oldest one (whose lock
   * another replica may have waited for longest); taken out of lingering. Connections the server cut
   * meanwhile are closed on the way (their locks died with them) and their places freed.
   */
  private takeLingering(conversationKey: string): Lingering | undefined {
    for (const dead of this.lingering.filter((entry) => !entry.connection.usable)) {
      this.lingering.splice(this.lingering.indexOf(dead), 1);
      clearTimeout(dead.timer);
      dead.connection.release(true);
      this.freePlace();
    }
    if (this.lingering.length === 0) return undefined;
    const same = this.lingering.findIndex((entry) => entry.conversationKey === conversationKey);
    const [taken] = this.lingering.splice(Math.max(same, 0), 1);
    if (taken) clearTimeout(taken.timer);
    return taken;
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

/** What `socbot_turn_begin` read: each asked-for state key (undefined: no row) and document version. */
function snapshotOf(
  lockKey: string,
  rows: readonly BeginRow[],
  stateKeys: readonly string[],
  documents: readonly string[],
): TurnSnapshot {
  const states = new Map<string, Record<string, unknown> | undefined>(
    stateKeys.map((key) => [key, undefined]),
  );
  const documentVersions = new Map<string, string>();
  for (const row of rows) {
    if (row.kind === 'state') states.set(row.name, { ...row.value, eTag: row.version });
    else if (row.kind === 'document') documentVersions.set(row.name, row.version);
  }
  return {
    lockKey,
    states,
    documentsRead: new Set(documents),
    documentVersions,
    documentsDone: new Set(),
    begunIntents: new Set(),
    finishedIntents: [],
    closed: false,
  };
}
