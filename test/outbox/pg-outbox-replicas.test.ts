import { Outbox, type OutboxOptions } from '../../src/outbox/outbox';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import { DEFAULT_RETRY_POLICY } from '../../src/outbox/retry-policy';
import type { PgOutboxStore } from '../../src/store/postgres/pg-outbox-store';
import { pendingJob } from './contracts/outbox-store-contract';
import { eventually, pgOutboxReplicas } from './outbox-test-kit';

/**
 * Replicas on one database: each has its own pool and replica id, as two `socbot serve` processes do.
 */
describe('the PostgreSQL outbox across replicas', () => {
  const kit = pgOutboxReplicas({ concurrency: 2 });
  const { replicaStore } = kit;

  /** An outbox of the replica `replicaId`, on a store whose lease is `leaseMs` when given. */
  function replica(replicaId: string, options: Partial<OutboxOptions> & { leaseMs?: number } = {}): Outbox {
    const { leaseMs, ...rest } = options;
    return kit.replica(replicaStore(replicaId, leaseMs), rest);
  }

  it('runs every job exactly once when two replicas work one table, and both take part', async () => {
    const runs = new Map<string, number>();
    const byReplica = { a: 0, b: 0 };
    const settled: OutboxJob[] = [];
    for (const name of ['a', 'b'] as const) {
      const outbox = replica(`replica-${name}`);
      outbox.register('ticket.create', async (_payload, { idempotencyKey }) => {
        runs.set(idempotencyKey, (runs.get(idempotencyKey) ?? 0) + 1);
        byReplica[name] += 1;
        await new Promise((resolve) => setTimeout(resolve, 15));
        return null;
      });
      outbox.onSettled((job) => settled.push(job));
      await outbox.start();
    }
    const [a, b] = kit.outboxes as [Outbox, Outbox];
    const keys = Array.from({ length: 40 }, (_, i) => `ticket:SOC-${i}`);
    // Each request arrives at either replica, some at both (a SIEM retry on the other replica).
    await Promise.all(
      keys.flatMap((key, i) => {
        const request = { type: 'ticket.create', idempotencyKey: key, payload: { i } };
        return i % 3 === 0 ? [a.enqueue(request), b.enqueue(request)] : [(i % 2 ? a : b).enqueue(request)];
      }),
    );
    await eventually(async () => (await a.list(['succeeded'])).length === keys.length, 15_000);
    expect([...runs.entries()].sort()).toEqual(keys.map((key) => [key, 1]).sort());
    expect(byReplica.a).toBeGreaterThan(0);
    expect(byReplica.b).toBeGreaterThan(0);
    // Each outcome was announced by the one replica that settled it.
    expect(settled.map((job) => job.idempotencyKey).sort()).toEqual([...keys].sort());
    expect((await a.list()).every((job) => job.attempts === 1)).toBe(true);
  });

  it('never hands one job to two claims at once (FOR UPDATE SKIP LOCKED)', async () => {
    const seed = replicaStore('seed');
    for (let i = 0; i < 60; i += 1) await seed.addIfKeyAbsent(pendingJob(`k${i}`));
    const stores = ['a', 'b', 'c', 'd'].map((name) => replicaStore(`replica-${name}`));
    const request = {
      now: new Date('2026-12-01T11:00:00.000Z'),
      limit: 7,
      types: ['ticket.create'],
      busy: new Set<string>(),
      policy: DEFAULT_RETRY_POLICY,
    };
    const rounds = await Promise.all(
      stores.flatMap((store) => [store.claimDue(request), store.claimDue(request), store.claimDue(request)]),
    );
    const claimed = rounds.flatMap((round) => round.claimed.map((job) => job.id));
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);
    expect((await seed.list(['running'])).every((job) => job.attempts === 1)).toBe(true);
  });

  it('takes over a job whose replica died mid-attempt once its lease ran out: attempt counted, run once more with the same key', async () => {
    // Replica a claims the job and dies: it never settles it and never renews the lease.
    const dead = replicaStore('replica-a', 200);
    const queued = await dead.addIfKeyAbsent(
      pendingJob('ticket:SOC-7', {
        nextAttemptAt: new Date().toISOString(),
        createdAt: new Date().toISOString(),
      }),
    );
    const [claimed] = (
      await dead.claimDue({
        now: new Date(),
        limit: 1,
        types: ['ticket.create'],
        busy: new Set(),
        policy: DEFAULT_RETRY_POLICY,
      })
    ).claimed;
    expect(claimed).toMatchObject({ id: queued.id, status: 'running', attempts: 1 });

    const calls: { key: string; attempt: number }[] = [];
    const survivor = replica('replica-b', { leaseMs: 200 });
    survivor.register('ticket.create', async (_payload, { idempotencyKey, attempt }) => {
      calls.push({ key: idempotencyKey, attempt });
      return { ticket: 'INC007' };
    });
    const settled: OutboxJob[] = [];
    survivor.onSettled((job) => settled.push(job));
    await survivor.start();
    await eventually(async () => (await survivor.get(queued.id))?.status === 'succeeded', 5000);
    expect(calls).toEqual([{ key: 'ticket:SOC-7', attempt: 2 }]);
    expect(await survivor.get(queued.id)).toMatchObject({ attempts: 2, result: { ticket: 'INC007' } });
    expect(settled.map((job) => job.id)).toEqual([queued.id]);
    // The presumed-dead replica comes back with its old outcome: it changes nothing.
    expect(await dead.changeClaimed(queued.id, 1, (job) => (job.status = 'failed'))).toBeUndefined();
    expect((await survivor.get(queued.id))?.status).toBe('succeeded');
  });

  it("leaves another replica's running job alone at start and while its lease holds", async () => {
    const alive = replicaStore('replica-a', 60_000);
    const now = new Date();
    const queued = await alive.addIfKeyAbsent(
      pendingJob('ticket:SOC-11', { nextAttemptAt: now.toISOString() }),
    );
    await alive.claimDue({
      now,
      limit: 1,
      types: ['ticket.create'],
      busy: new Set(),
      policy: DEFAULT_RETRY_POLICY,
    });
    const other = replica('replica-b', { leaseMs: 60_000 });
    const runs: string[] = [];
    other.register('ticket.create', async (_payload, { idempotencyKey }) => {
      runs.push(idempotencyKey);
      return null;
    });
    expect(await other.start()).toEqual({ recovered: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await other.get(queued.id)).toMatchObject({ status: 'running', attempts: 1 });
    expect(runs).toEqual([]);
    // The live replica settles it as usual.
    expect(await alive.changeClaimed(queued.id, 1, (job) => (job.status = 'succeeded'))).toMatchObject({
      status: 'succeeded',
    });
  });

  it('gives up a job abandoned on its last attempt, and the replica that found it tells it once', async () => {
    const dead = replicaStore('replica-a', 100);
    const now = new Date();
    await dead.addIfKeyAbsent(
      pendingJob('ticket:SOC-8', { nextAttemptAt: now.toISOString(), createdAt: now.toISOString() }),
    );
    await dead.claimDue({
      now,
      limit: 1,
      types: ['ticket.create'],
      busy: new Set(),
      policy: DEFAULT_RETRY_POLICY,
    });
    const survivor = replica('replica-b', { leaseMs: 100, retryPolicy: { maxAttempts: 1 } });
    const runs: string[] = [];
    survivor.register('ticket.create', async (_payload, { idempotencyKey }) => {
      runs.push(idempotencyKey);
      return null;
    });
    const settled: OutboxJob[] = [];
    survivor.onSettled((job) => settled.push(job));
    await survivor.start();
    await eventually(() => settled.length === 1, 5000);
    expect(settled[0]).toMatchObject({
      status: 'given_up',
      attempts: 1,
      lastError: { code: 'PROCESS_STOPPED' },
    });
    expect(runs).toEqual([]);
  });

  it('renews the lease of a long attempt, so a live replica is never taken over', async () => {
    const runs: string[] = [];
    const slow = replica('replica-a', { leaseMs: 450 });
    slow.register('ticket.create', async (_payload, { idempotencyKey }) => {
      runs.push(`a:${idempotencyKey}`);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      return null;
    });
    await slow.start();
    const job = await slow.enqueue({ type: 'ticket.create', idempotencyKey: 'ticket:SOC-9', payload: {} });
    await eventually(async () => (await slow.get(job.id))?.status === 'running', 2000);
    const other = replica('replica-b', { leaseMs: 450 });
    other.register('ticket.create', async (_payload, { idempotencyKey }) => {
      runs.push(`b:${idempotencyKey}`);
      return null;
    });
    await other.start();
    await eventually(async () => (await slow.get(job.id))?.status === 'succeeded', 5000);
    expect(runs).toEqual(['a:ticket:SOC-9']);
    expect((await slow.get(job.id))?.attempts).toBe(1);
  });

  it('lets a waiter on one replica see the outcome another replica settled', async () => {
    const waiting = replica('replica-a');
    const working = replica('replica-b');
    working.register('ticket.create', async () => ({ ticket: 'INC010' }));
    await working.start();
    // Replica a has no handler and no worker: only b can settle it.
    const job = await waiting.enqueue({
      type: 'ticket.create',
      idempotencyKey: 'ticket:SOC-10',
      payload: {},
    });
    const seen = await waiting.waitFor(job.id, 3000);
    expect(seen).toMatchObject({ status: 'succeeded', result: { ticket: 'INC010' } });
  });

  it('loses no change when replicas change one job at once (compare-and-set on the row version)', async () => {
    const a = replicaStore('replica-a');
    const b = replicaStore('replica-b');
    await a.addIfKeyAbsent(pendingJob('k', { status: 'given_up' }));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).change('job-k', (job) => {
          job.retries = (job.retries ?? 0) + 1;
          return true;
        }),
      ),
    );
    expect((await a.get('job-k'))?.retries).toBe(20);
  });

  it('keeps looking for jobs after the database failed a claim (it comes back by itself)', async () => {
    const store = replicaStore('replica-a');
    let failures = 2;
    const flaky = Object.assign(Object.create(store) as PgOutboxStore, {
      claimDue: (request: Parameters<PgOutboxStore['claimDue']>[0]) => {
        if (failures > 0) {
          failures -= 1;
          return Promise.reject(new Error('connection terminated'));
        }
        return store.claimDue(request);
      },
    });
    const outbox = kit.adopt(new Outbox({ dataDir: kit.dataDir, store: flaky, pollIntervalMs: 30 }));
    outbox.register('ticket.create', async () => null);
    await outbox.start();
    const job = await outbox.enqueue({ type: 'ticket.create', idempotencyKey: 'ticket:SOC-12', payload: {} });
    await eventually(async () => (await outbox.get(job.id))?.status === 'succeeded', 3000);
    expect(failures).toBe(0);
  });

  it('lets exactly one of two replicas claim the telling of an outcome', async () => {
    const a = replicaStore('replica-a');
    const b = replicaStore('replica-b');
    await a.addIfKeyAbsent(pendingJob('k', { status: 'succeeded' }));
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimReport('job-k', 0)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
