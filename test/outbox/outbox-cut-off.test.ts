import type { JsonValue } from '../../src/outbox/outbox-job';
import { eventually, integrationError, nextSettled, outboxKit } from './outbox-test-kit';

const post = { type: 'post.soc', idempotencyKey: 'SOC-2026-0002:post.soc', payload: {} };

/** Resolves when `signal` fires; the handlers below stop on it like a provider call would. */
function abortOf(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Resolves after `ms`: bounds every wait of a handler that ignores its signal. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * An attempt cut off by the attempt timeout or by stop(): what it had done is kept for the next
 * attempt, and nothing it does after its outcome is recorded can reach the job.
 */
describe('Outbox attempts cut off by a timeout or a stop', () => {
  let kit: Awaited<ReturnType<typeof outboxKit>>;
  beforeEach(async () => {
    kit = await outboxKit();
  });
  afterEach(async () => {
    await kit.cleanup();
  });

  it('keeps the progress a timed-out attempt saved, and drops what it saves after the next attempt started', async () => {
    const outbox = kit.open({ jobTimeoutMs: 150, abortGraceMs: 20, retryPolicy: { minDelayMs: 5 } });
    const seen: unknown[] = [];
    let secondStarted = (): void => undefined;
    const second = new Promise<void>((resolve) => {
      secondStarted = resolve;
    });
    let staleSaveDone = (): void => undefined;
    const staleSave = new Promise<void>((resolve) => {
      staleSaveDone = resolve;
    });
    outbox.register('post.soc', async (_payload, { attempt, progress, saveProgress }) => {
      seen.push(progress ?? null);
      if (attempt === 1) {
        await saveProgress({ delivered: ['a'] });
        // Ignores its signal, and reports more progress only once the retry runs.
        await Promise.race([second, pause(2000)]);
        await saveProgress({ delivered: ['a', 'stale'] });
        staleSaveDone();
        return new Promise<JsonValue>(() => undefined);
      }
      secondStarted();
      await Promise.race([staleSave, pause(100)]);
      return { delivered: 2 };
    });
    const settled = nextSettled(outbox);
    await outbox.start();
    await outbox.enqueue(post);

    expect(await settled).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(seen).toEqual([null, { delivered: ['a'] }]);
    await eventually(async () => (await kit.rawFile()).jobs[0]?.status === 'succeeded');
    expect((await kit.rawFile()).jobs[0]?.progress).toEqual({ delivered: ['a'] });
  });

  it('keeps the progress a handler reports as it stops on the timeout, and fails the attempt with TIMEOUT', async () => {
    const outbox = kit.open({ jobTimeoutMs: 50, retryPolicy: { minDelayMs: 5 } });
    const seen: unknown[] = [];
    const errorsSeenByRetry: unknown[] = [];
    outbox.register('post.soc', async (_payload, { attempt, progress, signal }) => {
      seen.push(progress ?? null);
      if (attempt === 1) {
        await abortOf(signal);
        throw Object.assign(integrationError('INTEGRATION_FAILED', true), { progress: { delivered: ['a'] } });
      }
      errorsSeenByRetry.push((await kit.rawFile()).jobs[0]?.lastError?.code);
      return { delivered: 2 };
    });
    const settled = nextSettled(outbox);
    await outbox.start();
    await outbox.enqueue(post);

    expect(await settled).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(seen).toEqual([null, { delivered: ['a'] }]);
    expect(errorsSeenByRetry).toEqual(['TIMEOUT']);
  });

  it('stop() puts a cut-off attempt back to pending with the progress it saved and the one it reported', async () => {
    const outbox = kit.open({ jobTimeoutMs: 5000, abortGraceMs: 100 });
    outbox.register('post.soc', async (_payload, { signal, saveProgress }) => {
      await saveProgress({ delivered: ['a'] });
      await abortOf(signal);
      throw Object.assign(integrationError('INTEGRATION_FAILED', true), {
        progress: { delivered: ['a', 'b'] },
      });
    });
    outbox.register('post.leads', async (_payload, { saveProgress }) => {
      await saveProgress({ delivered: ['x'] });
      // Ignores its signal: only what it saved is kept.
      return new Promise<JsonValue>(() => undefined);
    });
    await outbox.start();
    const reported = await outbox.enqueue(post);
    const saved = await outbox.enqueue({ ...post, type: 'post.leads', idempotencyKey: 'leads' });
    await eventually(async () => {
      const running = await outbox.list(['running']);
      return running.length === 2 && running.every((job) => job.progress !== undefined);
    }, 2000);

    await outbox.stop({ graceMs: 20 });

    const jobs = (await kit.rawFile()).jobs;
    expect(jobs.find((job) => job.id === reported.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      progress: { delivered: ['a', 'b'] },
    });
    expect(jobs.find((job) => job.id === saved.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      progress: { delivered: ['x'] },
    });
  });
});
