import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import type { JobContext } from '../../src/outbox/job-handler';
import type { JsonValue } from '../../src/outbox/outbox-job';
import { eventually, integrationError, nextSettled, outboxKit } from './outbox-test-kit';

const ticket = {
  type: 'ticket.create',
  idempotencyKey: 'ticket:SOC-2026-0001',
  payload: { ref: 'SOC-2026-0001' },
};

describe('Outbox', () => {
  let kit: Awaited<ReturnType<typeof outboxKit>>;
  beforeEach(async () => {
    kit = await outboxKit();
  });
  afterEach(async () => {
    await kit.cleanup();
  });

  it('writes a job to disk before attempting it, and a new instance delivers what a killed one left', async () => {
    const first = kit.open();
    const job = await first.enqueue({ ...ticket, origin: { alertRef: 'SOC-2026-0001', userId: 'u1' } });
    // The first process "dies" here: it never ran its worker.
    expect((await kit.rawFile()).jobs).toEqual([
      expect.objectContaining({
        id: job.id,
        status: 'pending',
        attempts: 0,
        origin: { alertRef: 'SOC-2026-0001', userId: 'u1' },
      }),
    ]);

    const second = kit.open();
    const seenOnDisk: unknown[] = [];
    second.register('ticket.create', async (payload) => {
      seenOnDisk.push((await kit.rawFile()).jobs[0]);
      return { number: 'INC0012345', for: payload };
    });
    const settled = nextSettled(second);
    await second.start();

    expect(await settled).toMatchObject({
      id: job.id,
      status: 'succeeded',
      attempts: 1,
      result: { number: 'INC0012345', for: { ref: 'SOC-2026-0001' } },
    });
    // While the handler ran, the file already said the attempt had started.
    expect(seenOnDisk).toEqual([expect.objectContaining({ status: 'running', attempts: 1 })]);
    expect((await kit.rawFile()).jobs[0]).toMatchObject({ status: 'succeeded' });
  });

  it('returns the existing job for an idempotency key it already has', async () => {
    const outbox = kit.open();
    const first = await outbox.enqueue(ticket);
    const again = await outbox.enqueue({ ...ticket, payload: { ref: 'something else' } });
    expect(again.id).toBe(first.id);
    expect(again.payload).toEqual({ ref: 'SOC-2026-0001' });
    expect((await kit.rawFile()).jobs).toHaveLength(1);
  });

  it('creates one job when the same key is enqueued concurrently', async () => {
    const outbox = kit.open();
    const jobs = await Promise.all(Array.from({ length: 20 }, () => outbox.enqueue(ticket)));
    expect(new Set(jobs.map((j) => j.id)).size).toBe(1);
    expect((await kit.rawFile()).jobs).toHaveLength(1);
  });

  it('retries a retryable failure with growing delays, then succeeds', async () => {
    const outbox = kit.open({ retryPolicy: { minDelayMs: 30, factor: 2, jitter: false, maxAttempts: 5 } });
    const calls: { at: number; attempt: number; key: string }[] = [];
    outbox.register('ticket.create', async (_payload, { attempt, idempotencyKey }) => {
      calls.push({ at: Date.now(), attempt, key: idempotencyKey });
      if (attempt < 3) throw integrationError('UPSTREAM_UNAVAILABLE', true);
      return { number: 'INC0012345' };
    });
    const settled = nextSettled(outbox);
    await outbox.start();
    await outbox.enqueue(ticket);

    expect(await settled).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      result: { number: 'INC0012345' },
    });
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(new Set(calls.map((c) => c.key))).toEqual(new Set(['ticket:SOC-2026-0001']));
    const [a, b, c] = calls.map((call) => call.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(30);
    expect(c - b).toBeGreaterThanOrEqual(60);
  });

  it('keeps what a failed attempt had done on the job and hands it to the next attempt, also after a restart', async () => {
    // The retry is due 500 ms later: long enough to stop this process before it runs it.
    const first = kit.open({ retryPolicy: { minDelayMs: 500, maxDelayMs: 500, jitter: false } });
    first.register('post.soc', async (_payload, { progress }) => {
      throw Object.assign(integrationError('UPSTREAM_UNAVAILABLE', true), {
        progress: { delivered: ['msteams/a'], seen: progress ?? null },
      });
    });
    await first.start();
    const job = await first.enqueue({
      type: 'post.soc',
      idempotencyKey: 'SOC-2026-0002:post.soc',
      payload: {},
    });
    await eventually(
      async () =>
        (await first.get(job.id))?.attempts === 1 && (await first.get(job.id))?.status === 'pending',
    );
    await first.stop();
    expect((await kit.rawFile()).jobs[0]?.progress).toEqual({ delivered: ['msteams/a'], seen: null });

    const restarted = kit.open();
    const seen: unknown[] = [];
    restarted.register('post.soc', async (_payload, { progress }) => {
      seen.push(progress);
      return { delivered: 2 };
    });
    const settled = nextSettled(restarted);
    await restarted.start();
    expect(await settled).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(seen).toEqual([{ delivered: ['msteams/a'], seen: null }]);
  });

  it('waits as long as the Retry-After of a failure says', async () => {
    const outbox = kit.open({ retryPolicy: { minDelayMs: 1, jitter: false } });
    const calls: number[] = [];
    outbox.register('ticket.create', async () => {
      calls.push(Date.now());
      if (calls.length === 1) throw integrationError('RATE_LIMITED', true, 250);
      return 'ok';
    });
    const settled = nextSettled(outbox);
    await outbox.start();
    await outbox.enqueue(ticket);

    expect(await settled).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [first, second] = calls as [number, number];
    expect(second - first).toBeGreaterThanOrEqual(250);
  });

  it('fails a job at once on a non-retryable error and tells the listener', async () => {
    const outbox = kit.open();
    let calls = 0;
    outbox.register('ticket.create', async () => {
      calls += 1;
      throw integrationError('UNAUTHORIZED', false);
    });
    const settled = nextSettled(outbox);
    await outbox.start();
    await outbox.enqueue(ticket);

    expect(await settled).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: { code: 'UNAUTHORIZED', message: 'UNAUTHORIZED from the stand-in' },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts and reports the last error once', async () => {
    const outbox = kit.open({ retryPolicy: { maxAttempts: 3, minDelayMs: 5, jitter: false } });
    let calls = 0;
    outbox.register('ticket.create', async () => {
      calls += 1;
      throw integrationError('UPSTREAM_UNAVAILABLE', true);
    });
    const outcomes: unknown[] = [];
    outbox.onSettled((job) => outcomes.push(job));
    const settled = nextSettled(outbox);
    await outbox.start();
    await outbox.enqueue(ticket);

    expect(await settled).toMatchObject({
      status: 'given_up',
      attempts: 3,
      lastError: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(3);
    expect(outcomes).toHaveLength(1);
  });

  it('gives up when the next retry would come after maxAgeMs', async () => {
    const outbox = kit.open({
      retryPolicy: { maxAttempts: 10, minDelayMs: 5000, maxAgeMs: 1000, jitter: false },
    });
    outbox.register('ticket.create', async () => {
      throw integrationError('UPSTREAM_UNAVAILABLE', true);
    });
    const settled = nextSettled(outbox);
    await outbox.start();
    await outbox.enqueue(ticket);
    expect(await settled).toMatchObject({ status: 'given_up', attempts: 1 });
  });

  it('retries after a restart a job that a dead process left running', async () => {
    const dead = kit.open();
    const aborted: boolean[] = [];
    dead.register('ticket.create', (_payload, { signal }) => {
      // Hangs like a process killed mid-call: it only ever ends when aborted.
      return new Promise((_, reject) => {
        signal.addEventListener('abort', () => {
          aborted.push(true);
          reject(new Error('aborted'));
        });
      });
    });
    await dead.start();
    const job = await dead.enqueue(ticket);
    await eventually(async () => (await kit.rawFile()).jobs[0]?.status === 'running');

    const restarted = kit.open();
    const keys: string[] = [];
    restarted.register('ticket.create', async (_payload, { idempotencyKey }) => {
      keys.push(idempotencyKey);
      return { number: 'INC0012345' };
    });
    const settled = nextSettled(restarted);
    expect(await restarted.start()).toEqual({ recovered: 1 });
    expect(await settled).toMatchObject({ id: job.id, status: 'succeeded', attempts: 2 });
    expect(keys).toEqual(['ticket:SOC-2026-0001']);

    // The old attempt ending late does not overwrite the newer outcome.
    await dead.stop({ graceMs: 0 });
    expect(aborted).toEqual([true]);
    expect((await kit.rawFile()).jobs[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('aborts an attempt after jobTimeoutMs and retries it', async () => {
    const outbox = kit.open({ jobTimeoutMs: 50, retryPolicy: { minDelayMs: 5, jitter: false } });
    const signals: AbortSignal[] = [];
    const errorsSeenByRetry: unknown[] = [];
    outbox.register('ticket.create', async (_payload, { signal, attempt }) => {
      signals.push(signal);
      // The first attempt ignores its signal entirely: the timeout must still free the slot.
      if (attempt === 1) return new Promise<JsonValue>(() => undefined);
      errorsSeenByRetry.push((await kit.rawFile()).jobs[0]?.lastError);
      return 'ok';
    });
    const settled = nextSettled(outbox);
    await outbox.start();
    await outbox.enqueue(ticket);

    expect(await settled).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(signals[0]?.aborted).toBe(true);
    expect(errorsSeenByRetry).toEqual([{ code: 'TIMEOUT', message: 'the attempt took longer than 50 ms' }]);
  });

  it('runs no more than `concurrency` attempts at once and delivers every job', async () => {
    const outbox = kit.open({ concurrency: 2 });
    let active = 0;
    let mostActive = 0;
    const delivered: JsonValue[] = [];
    outbox.register('ticket.create', async (payload) => {
      active += 1;
      mostActive = Math.max(mostActive, active);
      await new Promise((resolve) => setTimeout(resolve, 20));
      active -= 1;
      delivered.push(payload);
      return null;
    });
    await outbox.start();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => outbox.enqueue({ ...ticket, idempotencyKey: `k${i}`, payload: i })),
    );
    await eventually(async () => (await outbox.list(['succeeded'])).length === 6);

    expect(mostActive).toBe(2);
    expect([...delivered].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const file = await kit.rawFile();
    expect(file.jobs.map((j) => j.status)).toEqual(Array(6).fill('succeeded'));
    expect(await readdir(kit.dir)).toEqual(['outbox.json']);
  });

  it('waitFor returns a fast job settled and a slow one still open, whose outcome comes later', async () => {
    const outbox = kit.open();
    outbox.register('fast', async () => 'done');
    outbox.register('slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return 'done later';
    });
    await outbox.start();
    const fast = await outbox.enqueue({ type: 'fast', idempotencyKey: 'f', payload: null });
    expect(await outbox.waitFor(fast.id, 2000)).toMatchObject({ status: 'succeeded', result: 'done' });
    // Asking again after it settled answers at once.
    expect(await outbox.waitFor(fast.id, 1)).toMatchObject({ status: 'succeeded' });

    const settled = nextSettled(outbox);
    const slow = await outbox.enqueue({ type: 'slow', idempotencyKey: 's', payload: null });
    const early = await outbox.waitFor(slow.id, 30);
    expect(['pending', 'running']).toContain(early.status);
    expect(await settled).toMatchObject({ id: slow.id, status: 'succeeded', result: 'done later' });
    await expect(outbox.waitFor('job-unknown', 10)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('stop() waits for a running attempt, and cuts off one past the grace period back to pending', async () => {
    const outbox = kit.open();
    let release: () => void = () => undefined;
    let secondSignal: AbortSignal | undefined;
    outbox.register('ticket.create', (_payload, context: JobContext) => {
      if (context.idempotencyKey === 'quick') {
        return new Promise((resolve) => {
          release = () => resolve('finished');
        });
      }
      secondSignal = context.signal;
      return new Promise<JsonValue>(() => undefined);
    });
    await outbox.start();
    const quick = await outbox.enqueue({ ...ticket, idempotencyKey: 'quick' });
    const stuck = await outbox.enqueue({ ...ticket, idempotencyKey: 'stuck' });
    await eventually(async () => (await outbox.list(['running'])).length === 2);

    setTimeout(() => release(), 20);
    await outbox.stop({ graceMs: 100 });

    expect(secondSignal?.aborted).toBe(true);
    const jobs = (await kit.rawFile()).jobs;
    expect(jobs.find((j) => j.id === quick.id)).toMatchObject({ status: 'succeeded', result: 'finished' });
    expect(jobs.find((j) => j.id === stuck.id)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('leaves jobs of a type without a handler pending until one is registered', async () => {
    const outbox = kit.open();
    await outbox.start();
    const job = await outbox.enqueue(ticket);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await outbox.get(job.id)).toMatchObject({ status: 'pending', attempts: 0 });

    const settled = nextSettled(outbox);
    outbox.register('ticket.create', async () => 'late but delivered');
    expect(await settled).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('keeps the data file valid JSON through concurrent enqueues and attempts, and never overwrites a corrupt one', async () => {
    const outbox = kit.open({ concurrency: 3 });
    outbox.register('ticket.create', async (payload, { attempt }) => {
      if (attempt === 1 && typeof payload === 'number' && payload % 2 === 0) {
        throw integrationError('UPSTREAM_UNAVAILABLE', true);
      }
      return payload;
    });
    await outbox.start();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        outbox.enqueue({ ...ticket, idempotencyKey: `k${i % 20}`, payload: i % 20 }),
      ),
    );
    await eventually(async () => (await outbox.list(['succeeded'])).length === 20);
    await outbox.stop();

    const file = await kit.rawFile();
    expect(file.jobs).toHaveLength(20);
    expect(file.jobs.filter((j) => j.attempts === 2)).toHaveLength(10);

    await writeFile(path.join(kit.dir, OUTBOX_FILE_NAME), '{"jobs": [');
    await expect(kit.open().enqueue(ticket)).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
    expect(await readFile(path.join(kit.dir, OUTBOX_FILE_NAME), 'utf8')).toBe('{"jobs": [');
  });

  it('removes settled jobs past retention at start, and keeps open ones whatever their age', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const before = kit.open({ now: () => now });
    before.register('ticket.create', async () => 'ok');
    await before.start();
    const done = await before.enqueue(ticket);
    await before.waitFor(done.id, 2000);
    await before.stop();
    const open = await before.enqueue({ type: 'no.handler.yet', idempotencyKey: 'open', payload: null });

    now = new Date('2026-03-10T10:00:00Z');
    const after = kit.open({ now: () => now, retentionMs: 7 * 24 * 60 * 60 * 1000 });
    await after.start();
    expect((await kit.rawFile()).jobs.map((j) => j.id)).toEqual([open.id]);
  });

  it('does not rewrite the data file while it only waits for a later retry', async () => {
    const outbox = kit.open({ retryPolicy: { minDelayMs: 60_000, jitter: false } });
    outbox.register('ticket.create', async () => {
      throw integrationError('UPSTREAM_UNAVAILABLE', true);
    });
    await outbox.start();
    const job = await outbox.enqueue(ticket);
    await eventually(
      async () =>
        (await outbox.get(job.id))?.status === 'pending' && (await outbox.get(job.id))?.attempts === 1,
    );
    await outbox.stop({ graceMs: 0 });
    const restarted = kit.open();
    restarted.register('ticket.create', async () => 'ok');
    await restarted.start();
    const before = (await stat(path.join(kit.dir, OUTBOX_FILE_NAME))).mtimeMs;
    // pollIntervalMs is 50: several polls happen here.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await stat(path.join(kit.dir, OUTBOX_FILE_NAME))).mtimeMs).toBe(before);
    expect(await restarted.get(job.id)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('refuses a job without an idempotency key', async () => {
    await expect(kit.open().enqueue({ ...ticket, idempotencyKey: '' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
