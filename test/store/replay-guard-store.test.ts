import { ReplayGuard } from '../../src/channels/siem-intake/replay-guard';
import { PgReplayGuard } from '../../src/store/postgres/pg-replay-guard';
import { openTestPool, twoReplicaPools } from '../helpers/postgres';
import { describeReplayGuardContract } from './contracts/replay-guard-contract';

describeReplayGuardContract('in memory', async (rememberMs) => ({
  guard: new ReplayGuard(rememberMs),
  close: async () => undefined,
}));

describeReplayGuardContract('PostgreSQL', async (rememberMs) => {
  const { db, close } = await openTestPool();
  return { guard: new PgReplayGuard(db, rememberMs), close };
});

describe('PgReplayGuard shared by two replicas (two pools on one database)', () => {
  const replicas = twoReplicaPools();

  it('refuses on B a delivery A accepted: the replay gets A’s answer and the work runs once', async () => {
    const replicaA = new PgReplayGuard<{ ref: string }>(replicas.a, 600_000);
    const replicaB = new PgReplayGuard<{ ref: string }>(replicas.b, 600_000);
    let runs = 0;
    const work = (ref: string) => async (): Promise<{ ref: string }> => {
      runs += 1;
      return { ref };
    };
    const now = Date.now();
    expect(await replicaA.once('sig-1', work('SOC-A'), now)).toEqual({
      result: { ref: 'SOC-A' },
      replayed: false,
    });
    expect(await replicaB.once('sig-1', work('SOC-B'), now + 10)).toEqual({
      result: { ref: 'SOC-A' },
      replayed: true,
    });
    expect(runs).toBe(1);
  });

  it('lets one of many simultaneous deliveries on both replicas run; all get its answer', async () => {
    const guards = [replicas.a, replicas.b].map((pool) => new PgReplayGuard<{ ref: string }>(pool, 600_000));
    let runs = 0;
    const now = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        guards[i % 2]!.once(
          'sig-2',
          async () => {
            runs += 1;
            await new Promise((resolve) => setTimeout(resolve, 30));
            return { ref: `SOC-${i}` };
          },
          now,
        ),
      ),
    );
    expect(runs).toBe(1);
    expect(outcomes.filter((outcome) => !outcome.replayed)).toHaveLength(1);
    expect(new Set(outcomes.map((outcome) => outcome.result.ref)).size).toBe(1);
  });

  it('does the work itself after a bounded wait when the first replica died mid-delivery', async () => {
    const dying = new PgReplayGuard<{ ref: string }>(replicas.a, 600_000);
    const survivor = new PgReplayGuard<{ ref: string }>(replicas.b, 600_000, { waitMs: 200, pollMs: 20 });
    const now = Date.now();
    // A claims and never answers (its process is gone).
    void dying.once('sig-3', () => new Promise<{ ref: string }>(() => undefined), now);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const outcome = await survivor.once('sig-3', async () => ({ ref: 'SOC-retry' }), now + 1000);
    expect(outcome).toEqual({ result: { ref: 'SOC-retry' }, replayed: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
