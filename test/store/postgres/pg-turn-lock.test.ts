import { setTimeout as sleep } from 'node:timers/promises';
import { ConversationQueue } from '../../../src/channels/conversation-queue';
import { Database } from '../../../src/db/database';
import { isSocbotError } from '../../../src/errors';
import { PgActionIntentLog } from '../../../src/store/postgres/pg-action-intents';
import { PgTurnLock } from '../../../src/store/postgres/pg-turn-lock';
import { intentOf } from '../contracts/action-intent-store-contract';
import { gate, until } from '../../helpers/gate';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';

/** Two replicas: two PgTurnLock instances (each its own pool) on one database, each behind its queue. */
describe('PgTurnLock: the per-conversation turn lock replicas share', () => {
  let testDb: TestDatabase;
  let admin: Database;
  const locks: PgTurnLock[] = [];
  /** A replica's lock, lingering as in production unless `lingerMs` says otherwise. */
  const lockOf = (
    name: string,
    waitLimitMs?: number,
    connections?: number,
    lingerMs?: number,
  ): PgTurnLock => {
    const lock = new PgTurnLock(testDb.settings, {
      applicationName: `turn locks ${name}`,
      ...(lingerMs !== undefined ? { lingerMs } : {}),
      ...(waitLimitMs ? { waitLimitMs } : {}),
      ...(connections ? { connections } : {}),
    });
    locks.push(lock);
    return lock;
  };
  /** Lock requests waiting in PostgreSQL (not yet granted). */
  const waitingInDatabase = async (): Promise<number> =>
    (
      await admin.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
      )
    )[0]?.n ?? 0;

  /** Advisory locks in the database, granted or waited for. */
  const advisoryLocks = async (): Promise<number> =>
    (await admin.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory'")).length;

  /** The backend holding a granted turn lock (the test's only one), once there is one. */
  const holderPid = async (): Promise<number | undefined> =>
    (
      await admin.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted")
    )[0]?.pid;
  const lockedBy = async (what: string): Promise<number> => {
    await until(async () => (await holderPid()) !== undefined, what);
    return (await holderPid())!;
  };

  beforeEach(async () => {
    testDb = await createTestDatabase();
    admin = new Database(testDb.settings, { applicationName: 'test admin' });
  });
  afterEach(async () => {
    await Promise.all(locks.splice(0).map((lock) => lock.close()));
    await admin.close();
    await testDb.drop();
  });

  it('never runs two turns of one conversation at once across replicas, and keeps the message order', async () => {
    const replicas = [new ConversationQueue(lockOf('A')), new ConversationQueue(lockOf('B'))];
    const log: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const first = gate();
    const turn = (i: number, hold?: Promise<void>) => async (): Promise<number> => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      log.push(`start ${i}`);
      await (hold ?? sleep(20));
      log.push(`end ${i}`);
      running -= 1;
      return i;
    };
    const turns: Promise<number>[] = [replicas[0]!.run('conv', turn(0, first.opened))];
    await until(() => log.includes('start 0'), 'turn 0 holds the lock');
    // Message 1 reaches replica B while replica A runs turn 0: it waits in the database.
    turns.push(replicas[1]!.run('conv', turn(1)));
    await until(async () => (await waitingInDatabase()) === 1, 'turn 1 waits for the lock');
    // Later messages alternate replicas; each replica queues its own in process.
    for (let i = 2; i < 8; i += 1) turns.push(replicas[i % 2]!.run('conv', turn(i)));
    first.open();
    expect(await Promise.all(turns)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(mostAtOnce).toBe(1);
    expect(log).toEqual([0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [`start ${i}`, `end ${i}`]));
  });

  it('runs turns of different conversations in parallel', async () => {
    const [a, b] = [lockOf('A'), lockOf('B')];
    const held = gate();
    const long = a.run('conv-1', () => held.opened.then(() => 'conv-1 done'));
    await until(async () => (await advisoryLocks()) === 1, 'conv-1 is locked');
    // conv-2 on the other replica is not held up by conv-1.
    expect(await b.run('conv-2', async () => 'conv-2 done')).toBe('conv-2 done');
    held.open();
    expect(await long).toBe('conv-1 done');
  });

  it('frees the lock of a holder whose connection dies, and the holder still gets its turn result', async () => {
    const [a, b] = [lockOf('A'), lockOf('B')];
    const held = gate();
    const holder = a.run('conv', () => held.opened.then(() => 'A finished'));
    const pid = await lockedBy('replica A holds the lock');
    const waiter = b.run('conv', async () => 'B ran');
    await until(async () => (await waitingInDatabase()) === 1, 'replica B waits');
    // Replica A's lock connection is cut (a crash, a network split): its session's locks go with it.
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    expect(await waiter).toBe('B ran');
    held.open();
    expect(await holder).toBe('A finished');
    // A's pool recovers: it takes the lock again.
    expect(await a.run('conv', async () => 'A again')).toBe('A again');
  });

  it('gives up a wait longer than the limit with CONVERSATION_BUSY instead of hanging', async () => {
    const a = lockOf('A');
    const b = lockOf('B', 300);
    const held = gate();
    const holder = a.run('conv', () => held.opened);
    await until(async () => (await advisoryLocks()) === 1, 'A holds');
    const started = Date.now();
    const error = await b.run('conv', async () => 'never').catch((e: unknown) => e);
    expect(isSocbotError(error, 'CONVERSATION_BUSY')).toBe(true);
    expect((error as Error).message).toMatch(/waited \d+ ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    held.open();
    await holder;
    // B's lock still works after the cancelled wait.
    expect(await b.run('conv', async () => 'B ran')).toBe('B ran');
  });

  it('bounds the wait for a lock connection too: more conversations at once than connections wait, then give up', async () => {
    const lock = lockOf('A', 300, 2);
    const held = gate();
    const holders = [lock.run('c1', () => held.opened), lock.run('c2', () => held.opened)];
    const third = await lock.run('c3', async () => 'never').catch((e: unknown) => e);
    expect(isSocbotError(third, 'CONVERSATION_BUSY')).toBe(true);
    const fourth = lock.run('c4', async () => 'c4 ran');
    held.open();
    await Promise.all(holders);
    expect(await fourth).toBe('c4 ran');
  });

  it("hands a finished turn's connection to a waiting turn, which releases the lock before taking its own", async () => {
    // Releasing at once when nobody waits, for the last check below.
    const lock = lockOf('A', undefined, 1, 0);
    const other = lockOf('B', undefined, undefined, 0);
    const first = gate();
    const second = gate();
    const turn1 = lock.run('c1', () => first.opened);
    const pidOfC1 = await lockedBy('c1 is locked');
    // One lock connection: c2 waits for it in process.
    let c2Started = false;
    const turn2 = lock.run('c2', async () => {
      c2Started = true;
      await second.opened;
    });
    first.open();
    await turn1;
    await until(() => c2Started, 'c2 runs');
    // c2 runs on the connection c1 had, and c1 is free again: another replica takes it at once.
    expect(await holderPid()).toBe(pidOfC1);
    expect(await other.tryRun('c1', async () => 'c1 free')).toEqual({ ran: true, value: 'c1 free' });
    expect(await other.tryRun('c2', async () => 'never')).toEqual({ ran: false });
    second.open();
    await turn2;
    // Nobody waited for c2's connection: it released its lock itself.
    expect(await advisoryLocks()).toBe(0);
  });

  it('does not hand a connection the server cut to the waiting turn: that turn gets a fresh one', async () => {
    const lock = lockOf('A', undefined, 1);
    const held = gate();
    const turn1 = lock.run('c1', () => held.opened.then(() => 'c1 done'));
    const pid = await lockedBy('c1 is locked');
    const turn2 = lock.run('c2', async () => 'c2 done');
    // c1's lock connection dies while c2 waits for it (a restart, a failover).
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    held.open();
    expect(await turn1).toBe('c1 done');
    expect(await turn2).toBe('c2 done');
  });

  it("unlocks after a failed turn: the error is the caller's, the next turn runs", async () => {
    const [a, b] = [lockOf('A'), lockOf('B')];
    await expect(a.run('conv', async () => Promise.reject(new Error('turn failed')))).rejects.toThrow(
      'turn failed',
    );
    expect(await b.run('conv', async () => 'next')).toBe('next');
  });

  it('tries without waiting: a live turn holds the conversation, a free one is taken', async () => {
    // Releasing at once: the other replica tries right after each turn.
    const [a, b] = [lockOf('A', undefined, undefined, 0), lockOf('B', undefined, undefined, 0)];
    const held = gate();
    const holder = a.run('conv', () => held.opened);
    await until(async () => (await advisoryLocks()) === 1, 'A holds');
    let ran = false;
    expect(await b.tryRun('conv', async () => (ran = true))).toEqual({ ran: false });
    expect(ran).toBe(false);
    held.open();
    await holder;
    expect(await b.tryRun('conv', async () => 'replayed')).toEqual({ ran: true, value: 'replayed' });
    // And the try-lock was let go.
    expect(await a.tryRun('conv', async () => 'again')).toEqual({ ran: true, value: 'again' });
  });

  describe('lingering: a finished turn keeps its lock a moment for the next turn to take over', () => {
    it('a turn starting on the replica meanwhile takes the connection and frees the earlier lock in its first statement', async () => {
      const a = lockOf('A', undefined, undefined, 60_000);
      const b = lockOf('B');
      await a.run('c1', async () => 'c1 done');
      const pidOfC1 = await lockedBy('c1 lingers');
      // Still held: another replica does not get it yet.
      expect(await b.tryRun('c1', async () => 'never')).toEqual({ ran: false });
      const c2 = gate();
      let c2Started = false;
      const turn2 = a.run('c2', async () => {
        c2Started = true;
        await c2.opened;
      });
      await until(() => c2Started, 'c2 runs');
      // c2 runs on c1's connection, and c1 is free: no round trip was spent on releasing it.
      expect(await holderPid()).toBe(pidOfC1);
      expect(await b.tryRun('c1', async () => 'c1 free')).toEqual({ ran: true, value: 'c1 free' });
      c2.open();
      await turn2;
    });

    it('the same conversation again on this replica takes its own lingering lock', async () => {
      const a = lockOf('A', undefined, undefined, 60_000);
      await a.run('c1', async () => 'first');
      const pid = await lockedBy('c1 lingers');
      await a.run('c2', async () => 'c2');
      // c2 took the connection holding c1 (released) and now lingers on it; c1 again takes it back.
      expect(await a.run('c1', async () => 'again')).toBe('again');
      expect(await holderPid()).toBe(pid);
      const held = await admin.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted");
      expect(held).toHaveLength(1);
    });

    it('unlocks when no turn comes within the linger; a turn of the conversation on another replica waits for it', async () => {
      const a = lockOf('A', undefined, undefined, 300);
      const b = lockOf('B');
      await a.run('conv', async () => 'A');
      const finishedAt = Date.now();
      await lockedBy('conv lingers');
      expect(await b.run('conv', async () => 'B ran')).toBe('B ran');
      expect(Date.now() - finishedAt).toBeGreaterThanOrEqual(250);
      await until(async () => (await advisoryLocks()) === 0, 'no lock left');
    });

    it('a lingering connection the server cut meanwhile is replaced: the next turn runs on a fresh one', async () => {
      const a = lockOf('A', undefined, 1, 60_000);
      await a.run('c1', async () => 'c1');
      const pid = await lockedBy('c1 lingers');
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await until(async () => (await holderPid()) === undefined, 'the cut session is gone with its lock');
      expect(await a.run('c2', async () => 'c2 ran')).toBe('c2 ran');
      expect(await lockedBy('c2 lingers')).not.toBe(pid);
    });

    it('lingers as long as SOCBOT_TURN_LOCK_LINGER_MS says: 0 releases at once', async () => {
      const atOnce = new PgTurnLock({ ...testDb.settings, turnLockLingerMs: 0 }, { applicationName: 'A' });
      const lingering = new PgTurnLock(
        { ...testDb.settings, turnLockLingerMs: 60_000 },
        { applicationName: 'B' },
      );
      locks.push(atOnce, lingering);
      await atOnce.run('c1', async () => 'c1');
      expect(await advisoryLocks()).toBe(0);
      await lingering.run('c2', async () => 'c2');
      await lockedBy('c2 lingers');
      expect(await atOnce.tryRun('c2', async () => 'never')).toEqual({ ran: false });
    });

    it('close frees the lingering locks at once', async () => {
      const a = lockOf('A', undefined, undefined, 60_000);
      await a.run('c1', async () => 'c1');
      await lockedBy('c1 lingers');
      await a.close();
      await until(async () => (await advisoryLocks()) === 0, 'the lock went with its session');
    });
  });

  describe("a turn's finished action intents are marked by its release", () => {
    /** Replica A's store pool and intent journal. */
    let storeDb: Database;
    let intents: PgActionIntentLog;
    beforeEach(() => {
      storeDb = new Database(testDb.settings, { applicationName: 'replica A stores' });
      intents = new PgActionIntentLog(storeDb);
    });
    afterEach(async () => {
      await storeDb.close();
    });
    const unfinished = async (requestId: string): Promise<boolean> =>
      (
        await admin.query(
          'SELECT 1 FROM socbot_action_intents WHERE request_id = $1 AND finished_at IS NULL',
          [requestId],
        )
      ).length === 1;

    it('in the statement that unlocks, committed before the lock is free: a turn waiting on another replica finds them finished', async () => {
      const a = lockOf('A', undefined, undefined, 60_000);
      const b = lockOf('B');
      const answered = gate();
      let waiterFound: boolean | undefined;
      const turn = a.run('conv', async () => {
        await intents.begin(intentOf('req-1', 'conv'));
        await answered.opened;
        await intents.finish(['req-1']);
        // Left to the release: not written yet.
        return unfinished('req-1');
      });
      await until(async () => unfinished('req-1'), 'the intent is begun');
      const waiter = b.run('conv', async () => {
        waiterFound = await unfinished('req-1');
      });
      await until(async () => (await waitingInDatabase()) === 1, 'replica B waits for the lock');
      answered.open();
      expect(await turn).toBe(true);
      await waiter;
      expect(waiterFound).toBe(false);
      // A turn that finished intents releases at once instead of lingering.
      await until(async () => (await advisoryLocks()) === 0, 'no lock left');
    });

    it('marks them before releasing when the releasing statement fails on a connection that still works', async () => {
      // The procedure is missing (a database migrated back, say): the CALL fails, the connection works.
      await admin.query('DROP PROCEDURE socbot_turn_end(text, text[])');
      const a = lockOf('A');
      const b = lockOf('B', undefined, undefined, 0);
      const held = gate();
      let waiterFound: boolean | undefined;
      const turn = a.run('conv', async () => {
        await intents.begin(intentOf('req-4', 'conv'));
        await intents.finish(['req-4']);
        await held.opened;
        return 'answered';
      });
      await lockedBy('conv is locked');
      const waiter = b.run('conv', async () => {
        waiterFound = await unfinished('req-4');
      });
      await until(async () => (await waitingInDatabase()) === 1, 'replica B waits for the lock');
      held.open();
      expect(await turn).toBe('answered');
      await waiter;
      expect(waiterFound).toBe(false);
    });

    it('still marks them when the release failed because the lock connection was cut', async () => {
      const a = lockOf('A');
      const pidBefore = gate();
      const turn = a.run('conv', async () => {
        await intents.begin(intentOf('req-2', 'conv'));
        await intents.finish(['req-2']);
        await pidBefore.opened;
        return 'answered';
      });
      const pid = await lockedBy('conv is locked');
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      pidBefore.open();
      expect(await turn).toBe('answered');
      expect(await unfinished('req-2')).toBe(false);
    });

    it("leaves to a turn's release only the intents that turn began: another conversation's are written at once", async () => {
      const a = lockOf('A', undefined, undefined, 0);
      // Begun outside any turn (a replica that stopped, say), then finished by a turn of another conversation.
      await intents.begin(intentOf('req-5', 'elsewhere'));
      const stillOpen = await a.run('conv', async () => {
        await intents.begin(intentOf('req-6', 'conv'));
        await intents.finish(['req-5']);
        await intents.finish(['req-6']);
        return { other: await unfinished('req-5'), own: await unfinished('req-6') };
      });
      expect(stillOpen).toEqual({ other: false, own: true });
      expect(await unfinished('req-6')).toBe(false);
    });

    it('outside a turn, finish writes at once', async () => {
      await intents.begin(intentOf('req-3', 'conv'));
      await intents.finish(['req-3']);
      expect(await unfinished('req-3')).toBe(false);
    });
  });
});
