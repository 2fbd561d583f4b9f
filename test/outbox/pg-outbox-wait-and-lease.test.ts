import type { PgOutboxStore } from '../../src/store/postgres/pg-outbox-store';
import { eventually, pgOutboxReplicas } from './outbox-test-kit';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A database blip as the pg driver reports it. */
const blip = (): Error => new Error('Connection terminated unexpectedly');

/**
 * What a replica does when its database fails for a moment: a waiter reads again instead of failing
 * the turn, and an attempt whose lease cannot be renewed stops before another replica may take it.
 */
describe('the PostgreSQL outbox through database failures', () => {
  const { replicaStore, replica, pool } = pgOutboxReplicas();

  /** Makes `store.get` fail on the calls `failing` says, and counts the calls. */
  function flakyGets(store: PgOutboxStore, failing: (call: number) => boolean): { calls: () => number } {
    const realGet = store.get.bind(store);
    let calls = 0;
    store.get = async (jobId) => {
      calls += 1;
      if (failing(calls)) throw blip();
      return realGet(jobId);
    };
    return { calls: () => calls };
  }

  it('waitFor reads again after a failed read and returns the outcome another replica settled; it reads no more after', async () => {
    const waitingStore = replicaStore('replica-a');
    const waiting = replica(waitingStore);
    const working = replica(replicaStore('replica-b'));
    working.register('ticket.create', async () => {
      await sleep(700);
      return { ticket: 'INC020' };
    });
    const job = await waiting.enqueue({
      type: 'ticket.create',
      idempotencyKey: 'ticket:SOC-20',
      payload: {},
    });
    // The first read while waiting (after the read at the start) fails: a blip mid-wait.
    const gets = flakyGets(waitingStore, (call) => call === 2);
    await working.start();
    const seen = await waiting.waitFor(job.id, 5000);
    expect(seen).toMatchObject({ status: 'succeeded', result: { ticket: 'INC020' } });
    expect(gets.calls()).toBeGreaterThanOrEqual(3);
    // The polling ended with the wait.
    const callsWhenDone = gets.calls();
    await sleep(600);
    expect(gets.calls()).toBe(callsWhenDone);
  });

  it('waitFor answers with the job as last read when its final read fails, and stops reading', async () => {
    const store = replicaStore('replica-a');
    const waiting = replica(store);
    // No replica runs it: the wait ends at its timer, when the database is down.
    const job = await waiting.enqueue({
      type: 'ticket.create',
      idempotencyKey: 'ticket:SOC-21',
      payload: {},
    });
    const gets = flakyGets(store, (call) => call > 1);
    const seen = await waiting.waitFor(job.id, 500);
    expect(seen).toMatchObject({ id: job.id, status: 'pending' });
    const callsWhenDone = gets.calls();
    await sleep(600);
    expect(gets.calls()).toBe(callsWhenDone);
  });

  it('waitFor rejects with the read error when not one read succeeded, and stops reading', async () => {
    const store = replicaStore('replica-a');
    const waiting = replica(store);
    const job = await waiting.enqueue({
      type: 'ticket.create',
      idempotencyKey: 'ticket:SOC-22',
      payload: {},
    });
    const gets = flakyGets(store, () => true);
    await expect(waiting.waitFor(job.id, 500)).rejects.toThrow('Connection terminated unexpectedly');
    const callsWhenDone = gets.calls();
    await sleep(600);
    expect(gets.calls()).toBe(callsWhenDone);
  });

  it('aborts an attempt whose lease renewals fail before its lease runs out, and puts its job back to pending', async () => {
    const leaseMs = 900;
    const store = replicaStore('replica-a', leaseMs);
    const observer = pool();
    const worker = replica(store);
    let renewals = 0;
    store.renewLeases = async () => {
      renewals += 1;
      throw blip();
    };
    let claimedAt = 0;
    const aborted: { afterMs: number; leaseHeld: boolean }[] = [];
    worker.register('ticket.create', async (_payload, { signal }) => {
      claimedAt = claimedAt || Date.now();
      // A handler that stops on its signal, as handlers must.
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      const [row] = await observer.query<{ held: boolean }>(
        "SELECT lease_until > clock_timestamp() AS held FROM outbox_jobs WHERE idempotency_key = 'ticket:SOC-23'",
      );
      aborted.push({ afterMs: Date.now() - claimedAt, leaseHeld: row?.held === true });
      throw signal.reason;
    });
    await worker.start();
    const job = await worker.enqueue({ type: 'ticket.create', idempotencyKey: 'ticket:SOC-23', payload: {} });
    await eventually(() => aborted.length > 0, 3000);
    await worker.stop({ graceMs: 0 });
    expect(renewals).toBeGreaterThanOrEqual(1);
    expect(aborted[0]?.leaseHeld).toBe(true);
    expect(aborted[0]?.afterMs).toBeLessThan(leaseMs);
    // Back to pending (as on a stop), not counted as a failure of the job.
    const stored = await worker.get(job.id);
    expect(stored).toMatchObject({ status: 'pending' });
    expect(stored?.lastError).toBeUndefined();
  });

  it('still renews the lease of an attempt a stop aborted, until its outcome is stored', async () => {
    const leaseMs = 450;
    const observer = pool();
    const worker = replica(replicaStore('replica-a', leaseMs), { abortGraceMs: 1500 });
    let started = false;
    // A handler that ignores its signal for a while: the stop's grace period.
    worker.register('ticket.create', async () => {
      started = true;
      await sleep(1200);
      return null;
    });
    await worker.start();
    const job = await worker.enqueue({ type: 'ticket.create', idempotencyKey: 'ticket:SOC-25', payload: {} });
    await eventually(() => started, 3000);
    const leaseUntil = async (): Promise<number> => {
      const [row] = await observer.query<{ lease_until: Date }>(
        'SELECT lease_until FROM outbox_jobs WHERE id = $1',
        [job.id],
      );
      return row?.lease_until.getTime() ?? 0;
    };
    const stopping = worker.stop({ graceMs: 0 });
    const first = await leaseUntil();
    await sleep(leaseMs);
    expect(await leaseUntil()).toBeGreaterThan(first);
    await stopping;
  });

  it('aborts an attempt at once when a renewal finds its job taken over by another replica, and stores nothing of it', async () => {
    const leaseMs = 450;
    const observer = pool();
    const worker = replica(replicaStore('replica-a', leaseMs));
    let started = false;
    let abortReason = '';
    worker.register('ticket.create', async (_payload, { signal }) => {
      started = true;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      abortReason = String((signal.reason as Error).message);
      throw signal.reason;
    });
    await worker.start();
    const job = await worker.enqueue({ type: 'ticket.create', idempotencyKey: 'ticket:SOC-26', payload: {} });
    await eventually(() => started, 3000);
    // What the row looks like once replica B has taken the job over (its claim, its lease): here
    // while A's renewals still succeed, so A's own lease accounting sees nothing wrong.
    await observer.query(
      "UPDATE outbox_jobs SET claimed_by = 'replica-b', attempts = attempts + 1, lease_until = clock_timestamp() + interval '1 minute' WHERE id = $1",
      [job.id],
    );
    const takenOverAt = Date.now();
    await eventually(() => abortReason !== '', 3000);
    // Within about one renewal interval (leaseMs / 3), not at the end of a lease.
    expect(Date.now() - takenOverAt).toBeLessThan(leaseMs);
    expect(abortReason).toMatch(/taken over/);
    await sleep(100);
    const [row] = await observer.query<{ status: string; claimed_by: string }>(
      'SELECT status, claimed_by FROM outbox_jobs WHERE id = $1',
      [job.id],
    );
    expect(row).toEqual({ status: 'running', claimed_by: 'replica-b' });
    await worker.stop({ graceMs: 0 });
  });

  it('keeps an attempt whose renewals succeed running past its lease', async () => {
    const leaseMs = 450;
    const worker = replica(replicaStore('replica-a', leaseMs));
    let sawAbort = false;
    worker.register('ticket.create', async (_payload, { signal }) => {
      await sleep(leaseMs * 3);
      sawAbort = signal.aborted;
      return null;
    });
    await worker.start();
    const job = await worker.enqueue({ type: 'ticket.create', idempotencyKey: 'ticket:SOC-24', payload: {} });
    await eventually(async () => (await worker.get(job.id))?.status === 'succeeded', 5000);
    expect(sawAbort).toBe(false);
  });
});
