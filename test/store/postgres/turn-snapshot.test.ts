import { Database } from '../../../src/db/database';
import { PgDocument } from '../../../src/store/postgres/pg-document';
import { PgStateStorage } from '../../../src/store/postgres/pg-state-storage';
import { PgTurnLock } from '../../../src/store/postgres/pg-turn-lock';
import { gate, until } from '../../helpers/gate';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';

interface Rooms {
  rooms: Record<string, string>;
}

const KEY = 'conversations/msteams/conv';
const READ_AHEAD = { stateKeys: [KEY] };

/**
 * What a turn reads with its lock (socbot_turn_begin, TurnSnapshot): two replicas, each a lock and
 * stores on pools of their own; replica B's store pool counts its statements.
 */
describe('the turn snapshot: what PgTurnLock reads in the round trip that takes the lock', () => {
  let testDb: TestDatabase;
  let dbA: Database;
  let dbB: Database;
  let statementsOfB = 0;
  const locks: PgTurnLock[] = [];
  const roomsSpec = {
    name: 'incident-rooms.json',
    defaults: (): Rooms => ({ rooms: {} }),
    isValid: (data: unknown): data is Rooms => typeof data === 'object' && data !== null && 'rooms' in data,
  };

  beforeEach(async () => {
    testDb = await createTestDatabase();
    dbA = new Database(testDb.settings, { applicationName: 'replica A' });
    statementsOfB = 0;
    dbB = new Database(testDb.settings, {
      applicationName: 'replica B',
      onQuery: () => {
        statementsOfB += 1;
      },
    });
  });
  afterEach(async () => {
    await Promise.all(locks.splice(0).map((lock) => lock.close()));
    await dbA.close();
    await dbB.close();
    await testDb.drop();
  });
  const lockOf = (name: string): PgTurnLock => {
    const lock = new PgTurnLock(testDb.settings, {
      applicationName: `turn locks ${name}`,
      documentsReadAtTurnStart: [roomsSpec.name],
    });
    locks.push(lock);
    return lock;
  };

  it('gives the turn the state the previous turn wrote while this one waited for the lock, without asking again', async () => {
    const [lockA, lockB] = [lockOf('A'), lockOf('B')];
    const [stateA, stateB] = [new PgStateStorage(dbA), new PgStateStorage(dbB)];
    await stateA.write({ [KEY]: { step: 0 } });
    const held = gate();
    const turnA = lockA.run(
      'conv',
      async () => {
        await held.opened;
        // Written after replica B began to wait: B's read must not be older than the lock grant.
        const { [KEY]: item } = await stateA.read([KEY]);
        await stateA.write({ [KEY]: { ...(item as object), step: 1 } });
      },
      READ_AHEAD,
    );
    await until(
      async () =>
        (await dbA.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted")).length === 1,
      'A holds the lock',
    );
    const turnB = lockB.run(
      'conv',
      async () => {
        const before = statementsOfB;
        const { [KEY]: atLock } = await stateB.read([KEY]);
        const readsAtLock = statementsOfB - before;
        // A second read in the same turn asks the database (the turn may have written meanwhile).
        const { [KEY]: again } = await stateB.read([KEY]);
        return { atLock, again, readsAtLock, readsAgain: statementsOfB - before - readsAtLock };
      },
      READ_AHEAD,
    );
    await until(
      async () =>
        (await dbA.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).length === 1,
      'B waits for the lock',
    );
    held.open();
    await turnA;
    const seen = await turnB;
    expect(seen.atLock).toMatchObject({ step: 1, eTag: expect.any(String) });
    expect(seen.readsAtLock).toBe(0);
    expect(seen.again).toEqual(seen.atLock);
    expect(seen.readsAgain).toBe(1);
  });

  it('writes by the eTag read with the lock, and a conversation without state reads as none', async () => {
    const lock = lockOf('B');
    const state = new PgStateStorage(dbB);
    const fresh = await lock.run('new-conv', () => state.read(['conversations/msteams/new-conv']), {
      stateKeys: ['conversations/msteams/new-conv'],
    });
    expect(fresh).toEqual({});
    await state.write({ [KEY]: { step: 0 } });
    await lock.run(
      'conv',
      async () => {
        const { [KEY]: item } = await state.read([KEY]);
        await state.write({ [KEY]: { ...(item as object), step: 1 } });
        // The item written in this turn, not the one read with the lock.
        expect((await state.read([KEY]))[KEY]).toMatchObject({ step: 1 });
      },
      READ_AHEAD,
    );
    // Another writer in between makes the eTag read with the lock stale: the write conflicts.
    const conflict = await lock
      .run(
        'conv',
        async () => {
          const { [KEY]: item } = await state.read([KEY]);
          await new PgStateStorage(dbA).write({ [KEY]: { step: 'elsewhere' } });
          await state.write({ [KEY]: { ...(item as object), step: 2 } });
        },
        READ_AHEAD,
      )
      .catch((error: unknown) => error);
    expect(conflict).toMatchObject({ code: 'STORAGE_CONFLICT' });
  });

  /** The rooms as a channel's turn reads them first thing (bot-edge's bindToRoom): naming its lock. */
  const atTurnStart = (rooms: PgDocument<Rooms>, lockKey: string): Promise<Rooms> =>
    rooms.view((data) => structuredClone(data) as Rooms, { turnLockKey: lockKey });

  it("serves a turn's first read of the incident rooms from the version read with the lock, and its own change afresh", async () => {
    const lock = lockOf('B');
    const roomsA = new PgDocument<Rooms>(dbA, roomsSpec);
    const roomsB = new PgDocument<Rooms>(dbB, roomsSpec);
    // No row yet: the turn knows it from the lock's read.
    let before = statementsOfB;
    expect(await lock.run('conv', () => atTurnStart(roomsB, 'conv'), READ_AHEAD)).toEqual({ rooms: {} });
    expect(statementsOfB - before).toBe(0);
    await roomsA.update((data) => {
      data.rooms['SOC-2026-0001'] = 'conv';
    });
    // Changed by replica A before this turn: the version differs, the body is read.
    expect(await lock.run('conv', () => atTurnStart(roomsB, 'conv'), READ_AHEAD)).toEqual({
      rooms: { 'SOC-2026-0001': 'conv' },
    });
    // Unchanged since: no statement at all.
    before = statementsOfB;
    expect(await lock.run('conv', () => atTurnStart(roomsB, 'conv'), READ_AHEAD)).toEqual({
      rooms: { 'SOC-2026-0001': 'conv' },
    });
    expect(statementsOfB - before).toBe(0);
    // A turn that changes the rooms reads its own change, and every later read in it asks.
    const inTurn = await lock.run(
      'conv',
      async () => {
        await roomsB.update((data) => {
          data.rooms['SOC-2026-0002'] = 'conv';
        });
        const afterChange = await atTurnStart(roomsB, 'conv');
        await roomsA.update((data) => {
          data.rooms['SOC-2026-0003'] = 'other';
        });
        return { afterChange, later: await atTurnStart(roomsB, 'conv') };
      },
      READ_AHEAD,
    );
    expect(Object.keys(inTurn.afterChange.rooms)).toEqual(['SOC-2026-0001', 'SOC-2026-0002']);
    expect(Object.keys(inTurn.later.rooms)).toEqual(['SOC-2026-0001', 'SOC-2026-0002', 'SOC-2026-0003']);
    // Outside a turn every read asks.
    before = statementsOfB;
    await atTurnStart(roomsB, 'conv');
    await roomsB.read();
    expect(statementsOfB - before).toBe(2);
    // So does a turn under a lock that did not read the rooms' version with it.
    // It releases at once, not lingering: the next lock below is another replica's.
    const plainLock = new PgTurnLock(testDb.settings, {
      applicationName: 'turn locks without documents',
      lingerMs: 0,
    });
    locks.push(plainLock);
    before = statementsOfB;
    expect(
      Object.keys((await plainLock.run('conv', () => atTurnStart(roomsB, 'conv'), READ_AHEAD)).rooms),
    ).toHaveLength(3);
    expect(statementsOfB - before).toBe(1);
    // And work under the lock that is no channel's turn (the replay sweep: no read-ahead), which may
    // read the rooms long after taking the lock.
    before = statementsOfB;
    expect(await lock.tryRun('conv', () => atTurnStart(roomsB, 'conv'))).toMatchObject({ ran: true });
    expect(statementsOfB - before).toBe(1);
  });

  it("answers a turn-start read from that turn's own lock, and any other read from the database", async () => {
    const lock = lockOf('B');
    const roomsA = new PgDocument<Rooms>(dbA, roomsSpec);
    const roomsB = new PgDocument<Rooms>(dbB, roomsSpec);
    await roomsA.update((data) => {
      data.rooms['SOC-2026-0001'] = 'conv';
    });
    // Replica B knows that version's body.
    await lock.run('conv', () => atTurnStart(roomsB, 'conv'), READ_AHEAD);
    const [started, proceed, finish] = [gate(), gate(), gate()];
    let readByOlder: ((seen: { rooms: Rooms; statements: number }) => void) | undefined;
    const olderRead = new Promise<{ rooms: Rooms; statements: number }>((resolve) => {
      readByOlder = resolve;
    });
    const older = lock.run(
      'conv',
      async () => {
        started.open();
        await proceed.opened;
        const before = statementsOfB;
        const rooms = await atTurnStart(roomsB, 'conv');
        readByOlder?.({ rooms, statements: statementsOfB - before });
        // Still open while the reads below run.
        await finish.opened;
      },
      READ_AHEAD,
    );
    await started.opened;
    try {
      // Another replica opens a room while the older turn runs (in SQL: a change through a PgDocument
      // of this process would tell this process's open turns).
      await dbA.query('UPDATE socbot_documents SET body = $2::jsonb WHERE name = $1', [
        roomsSpec.name,
        JSON.stringify({ rooms: { 'SOC-2026-0001': 'conv', 'SOC-2026-0002': 'other' } }),
      ]);
      proceed.open();
      // The older turn's lock was granted before the room opened: that version, no statement.
      expect(await olderRead).toEqual({ rooms: { rooms: { 'SOC-2026-0001': 'conv' } }, statements: 0 });
      // A read that names no turn (an outbox job posting to a room, say) sees the room: never an
      // open turn's older version, or a job queued after the room opened could miss it.
      let before = statementsOfB;
      expect(Object.keys((await roomsB.read()).rooms)).toEqual(['SOC-2026-0001', 'SOC-2026-0002']);
      expect(statementsOfB - before).toBe(1);
      // A turn of another conversation that begins now sees it from its own lock's read.
      before = statementsOfB;
      const seen = await lock.run('other', () => atTurnStart(roomsB, 'other'), {
        stateKeys: ['conversations/msteams/other'],
      });
      expect(Object.keys(seen.rooms)).toEqual(['SOC-2026-0001', 'SOC-2026-0002']);
      expect(statementsOfB - before).toBe(0);
    } finally {
      proceed.open();
      finish.open();
    }
    await older;
  });

  it('ends the snapshot with its turn: a timer the turn started reads what was written since', async () => {
    const lock = lockOf('B');
    const state = new PgStateStorage(dbB);
    await state.write({ [KEY]: { step: 0 } });
    let later: Promise<unknown> | undefined;
    await lock.run(
      'conv',
      async () => {
        // Started by the turn, so it runs in the turn's async context, after the turn is over.
        later = new Promise((resolve) => setTimeout(resolve, 300)).then(
          async () => (await state.read([KEY]))[KEY],
        );
      },
      READ_AHEAD,
    );
    await lock.run(
      'conv',
      async () => {
        const { [KEY]: item } = await state.read([KEY]);
        await state.write({ [KEY]: { ...(item as object), step: 1 } });
      },
      READ_AHEAD,
    );
    expect(await later).toMatchObject({ step: 1 });
  });

  it('reads what the turn before wrote even where the database defaults to REPEATABLE READ', async () => {
    const name = new URL(testDb.url).pathname.slice(1);
    await dbA.query(`ALTER DATABASE ${name} SET default_transaction_isolation = 'repeatable read'`);
    const [lockA, lockB] = [lockOf('A'), lockOf('B')];
    const writer = new Database(testDb.settings, { applicationName: 'replica A (repeatable read)' });
    try {
      const [stateA, stateB] = [new PgStateStorage(writer), new PgStateStorage(dbB)];
      const [shown] = await writer.query<{ transaction_isolation: string }>('SHOW transaction_isolation');
      expect(shown?.transaction_isolation).toBe('repeatable read');
      const held = gate();
      const turnA = lockA.run(
        'conv',
        async () => {
          await held.opened;
          await stateA.write({ [KEY]: { step: 'written while B waited' } });
        },
        READ_AHEAD,
      );
      await until(
        async () =>
          (await dbA.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted")).length === 1,
        'A holds the lock',
      );
      const turnB = lockB.run('conv', async () => (await stateB.read([KEY]))[KEY], READ_AHEAD);
      await until(
        async () =>
          (await dbA.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).length ===
          1,
        'B waits for the lock',
      );
      held.open();
      await turnA;
      expect(await turnB).toMatchObject({ step: 'written while B waited' });
    } finally {
      await writer.close();
    }
  });
});
