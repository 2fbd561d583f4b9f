import { setTimeout as sleep } from 'node:timers/promises';
import { sweepCutOffIntents, type IntentSweepDeps } from '../../src/app/intent-sweep';
import { Database } from '../../src/db/database';
import type { ActionIntent } from '../../src/store/action-intents';
import { PgActionIntentLog } from '../../src/store/postgres/pg-action-intents';
import { PgTurnLock } from '../../src/store/postgres/pg-turn-lock';
import { createCapturedLogger } from '../helpers/captured-logger';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { intentOf } from '../store/contracts/action-intent-store-contract';

/** A replica: its own pool, journal and turn lock on the shared database, and what its replays did. */
interface Replica {
  db: Database;
  intents: PgActionIntentLog;
  lock: PgTurnLock;
  replayed: string[];
  sweepDeps: IntentSweepDeps;
}

describe('the sweep for confirmed actions a stopped replica left unfinished (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let admin: Database;
  const replicas: Replica[] = [];
  const replicaNamed = (name: string): Replica => {
    const db = new Database(testDb.settings, { applicationName: `replica ${name}` });
    const intents = new PgActionIntentLog(db);
    const lock = new PgTurnLock(testDb.settings, { applicationName: `replica ${name} turn locks` });
    const replayed: string[] = [];
    const replica: Replica = {
      db,
      intents,
      lock,
      replayed,
      sweepDeps: {
        intents,
        lock,
        // As replayIntentList: act again with the request id, then mark it finished.
        replay: async (intent: ActionIntent) => {
          replayed.push(intent.requestId);
          await sleep(50);
          await intents.finish([intent.requestId]);
          return true;
        },
        logger: createCapturedLogger().logger,
      },
    };
    replicas.push(replica);
    return replica;
  };

  beforeEach(async () => {
    testDb = await createTestDatabase();
    admin = new Database(testDb.settings);
  });
  afterEach(async () => {
    for (const replica of replicas.splice(0)) {
      await replica.lock.close();
      await replica.db.close();
    }
    await admin.close();
    await testDb.drop();
  });

  it('replays an intent of a replica whose turn died exactly once, on a survivor, and never one that finished', async () => {
    const a = replicaNamed('A');
    const b = replicaNamed('B');
    const c = replicaNamed('C');
    // Replica A runs a turn of c1 and begins an action in it; another of its actions finished.
    let turnEntered!: () => void;
    let endProcess!: () => void;
    const stopped = new Promise<void>((resolve) => (endProcess = resolve));
    const entered = new Promise<void>((resolve) => (turnEntered = resolve));
    const liveTurn = a.lock.run('c1', async () => {
      await a.intents.begin(intentOf('cut-off', 'c1'));
      turnEntered();
      await stopped; // the turn does not end before its replica is gone
    });
    await a.intents.begin(intentOf('done', 'c2'));
    await a.intents.finish(['done']);
    await entered;

    // While A's turn holds c1, the survivors leave its intent alone, however old.
    expect(await sweepCutOffIntents(b.sweepDeps, { begunMsAgo: 0 })).toEqual({
      replayed: [],
      busy: ['cut-off'],
    });
    expect(b.replayed).toEqual([]);

    // Replica A dies: its lock connection goes (its session's locks with it).
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'replica A turn locks'",
    );
    // Two survivors sweep at once: one replays it, the other finds it finished or busy.
    const [byB, byC] = await Promise.all([
      sweepCutOffIntents(b.sweepDeps, { begunMsAgo: 0 }),
      sweepCutOffIntents(c.sweepDeps, { begunMsAgo: 0 }),
    ]);
    expect([...b.replayed, ...c.replayed]).toEqual(['cut-off']);
    expect([...byB.replayed, ...byC.replayed]).toEqual(['cut-off']);
    // Later sweeps find nothing left: the finished intent was never replayed.
    expect(await sweepCutOffIntents(b.sweepDeps, { begunMsAgo: 0 })).toEqual({ replayed: [], busy: [] });
    expect(await sweepCutOffIntents(c.sweepDeps, { begunMsAgo: 0 })).toEqual({ replayed: [], busy: [] });
    expect([...b.replayed, ...c.replayed]).toEqual(['cut-off']);
    expect(await b.intents.unfinished()).toEqual([]);
    // (The test's stand-in for A's process lets its pool close.)
    endProcess();
    await liveTurn;
  });

  it('leaves an intent younger than begunMsAgo to its turn, and replays it once it is old enough', async () => {
    const b = replicaNamed('B');
    await b.intents.begin(intentOf('young', 'c1'));
    expect(await sweepCutOffIntents(b.sweepDeps, { begunMsAgo: 60_000 })).toEqual({ replayed: [], busy: [] });
    await sleep(60);
    expect((await sweepCutOffIntents(b.sweepDeps, { begunMsAgo: 50 })).replayed).toEqual(['young']);
  });

  it('keeps an intent whose replay failed for the next sweep', async () => {
    const b = replicaNamed('B');
    await b.intents.begin(intentOf('fails', 'c1'));
    let attempts = 0;
    const failing: IntentSweepDeps = { ...b.sweepDeps, replay: async () => ((attempts += 1), false) };
    expect(await sweepCutOffIntents(failing, { begunMsAgo: 0 })).toEqual({ replayed: [], busy: [] });
    expect((await sweepCutOffIntents(b.sweepDeps, { begunMsAgo: 0 })).replayed).toEqual(['fails']);
    expect(attempts).toBe(1);
  });
});
