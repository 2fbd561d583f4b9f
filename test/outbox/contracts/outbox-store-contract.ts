import { claim, fail, retryAgain, succeed } from '../../../src/outbox/job-lifecycle';
import { Outbox } from '../../../src/outbox/outbox';
import type { OutboxJob } from '../../../src/outbox/outbox-job';
import type { ClaimRequest, OutboxStore } from '../../../src/outbox/outbox-store';
import { DEFAULT_RETRY_POLICY } from '../../../src/outbox/retry-policy';
import { nextSettled } from '../outbox-test-kit';

/** A fresh, empty store for one test, and how to put it away. */
export interface StoreUnderTest {
  store: OutboxStore;
  /** A folder the Outbox may use as its `dataDir`. */
  dataDir: string;
  cleanup(): Promise<void>;
}

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

/** A pending job as Outbox.enqueue makes it. */
export function pendingJob(key: string, overrides: Partial<OutboxJob> = {}): OutboxJob {
  return {
    id: `job-${key}`,
    type: 'ticket.create',
    idempotencyKey: key,
    payload: { ref: key, nested: [1, 'two', { three: true }] },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: T0.toISOString(),
    origin: { alertRef: 'SOC-2026-0001', conversationKey: 'conv-1' },
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    ...overrides,
  };
}

function claimRequest(overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  return {
    now: at(1000),
    limit: 10,
    types: ['ticket.create'],
    busy: new Set(),
    policy: DEFAULT_RETRY_POLICY,
    ...overrides,
  };
}

/**
 * What every OutboxStore must do, run against the file store and the PostgreSQL store alike: the
 * Outbox behaves the same on either.
 *
 * @example
 *   describeOutboxStoreContract('FileOutboxStore', async () => { … return { store, dataDir, cleanup }; });
 */
export function describeOutboxStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name} (the OutboxStore contract)`, () => {
    let under: StoreUnderTest;
    let store: OutboxStore;
    beforeEach(async () => {
      under = await open();
      store = under.store;
    });
    afterEach(() => under.cleanup());

    it('adds a job once per idempotency key and returns the first one for a repeated key', async () => {
      const first = await store.addIfKeyAbsent(pendingJob('k1'));
      expect(first).toEqual(pendingJob('k1'));
      const again = await store.addIfKeyAbsent(pendingJob('k1', { id: 'job-other', payload: 'other' }));
      expect(again).toEqual(first);
      expect(await store.list()).toHaveLength(1);
      expect(await store.get('job-other')).toBeUndefined();
    });

    it('lists oldest first, filters by status, and gets one by id exactly as stored', async () => {
      const notBefore = at(60_000).toISOString();
      await store.addIfKeyAbsent(pendingJob('a'));
      await store.addIfKeyAbsent(
        pendingJob('b', { status: 'failed', lastError: { code: 'AUTH', message: 'no' } }),
      );
      await store.addIfKeyAbsent(pendingJob('c', { notBefore, nextAttemptAt: notBefore, retries: 2 }));
      expect((await store.list()).map((job) => job.id)).toEqual(['job-a', 'job-b', 'job-c']);
      expect((await store.list(['failed'])).map((job) => job.id)).toEqual(['job-b']);
      expect(await store.get('job-c')).toEqual(
        pendingJob('c', { notBefore, nextAttemptAt: notBefore, retries: 2 }),
      );
      expect(await store.get('job-none')).toBeUndefined();
    });

    it('claims due jobs with a handler here, oldest due first, up to the limit, attempt counted', async () => {
      await store.addIfKeyAbsent(pendingJob('late', { nextAttemptAt: at(500).toISOString() }));
      await store.addIfKeyAbsent(pendingJob('early', { nextAttemptAt: at(100).toISOString() }));
      await store.addIfKeyAbsent(pendingJob('future', { nextAttemptAt: at(5000).toISOString() }));
      await store.addIfKeyAbsent(pendingJob('busy'));
      await store.addIfKeyAbsent(pendingJob('other-type', { type: 'block.scim' }));
      const unhandled: string[] = [];
      const result = await store.claimDue(
        claimRequest({ limit: 1, busy: new Set(['job-busy']), onUnhandled: (job) => unhandled.push(job.id) }),
      );
      expect(result.claimed.map((job) => [job.id, job.status, job.attempts])).toEqual([
        ['job-early', 'running', 1],
      ]);
      expect(result.nextDueAt).toBe(at(5000).getTime());
      // Named at least once (the outbox warns once per type).
      expect(new Set(unhandled)).toEqual(new Set(['job-other-type']));
      const second = await store.claimDue(claimRequest({ busy: new Set(['job-busy']) }));
      expect(second.claimed.map((job) => job.id)).toEqual(['job-late']);
      expect((await store.get('job-early'))?.status).toBe('running');
      expect((await store.get('job-other-type'))?.status).toBe('pending');
      expect((await store.claimDue(claimRequest({ limit: 0 }))).claimed).toEqual([]);
    });

    it('changes a claimed job only while it is the attempt that was claimed', async () => {
      await store.addIfKeyAbsent(pendingJob('k'));
      const [claimed] = (await store.claimDue(claimRequest())).claimed;
      expect(claimed?.attempts).toBe(1);
      const progressed = await store.changeClaimed('job-k', 1, (job) => {
        job.progress = { delivered: ['conv-1'] };
      });
      expect(progressed).toMatchObject({ status: 'running', progress: { delivered: ['conv-1'] } });
      expect(await store.changeClaimed('job-k', 2, () => undefined)).toBeUndefined();
      const failed = await store.changeClaimed('job-k', 1, (job) =>
        fail(
          job,
          { code: 'TIMEOUT', message: 'slow', retryable: true },
          { ...DEFAULT_RETRY_POLICY, jitter: false },
          at(2000),
        ),
      );
      expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: { code: 'TIMEOUT' } });
      expect(failed?.nextAttemptAt).toBe(at(4000).toISOString());
      // The attempt is over: a late save or outcome from it changes nothing.
      expect(await store.changeClaimed('job-k', 1, (job) => succeed(job, 'late', at(3000)))).toBeUndefined();
      expect(await store.get('job-k')).toEqual(failed);
    });

    it('settles a claimed job with its result, and it is never claimed again', async () => {
      await store.addIfKeyAbsent(pendingJob('k'));
      await store.claimDue(claimRequest());
      const done = await store.changeClaimed('job-k', 1, (job) =>
        succeed(job, { ticket: 'INC001' }, at(1500)),
      );
      expect(done).toMatchObject({ status: 'succeeded', result: { ticket: 'INC001' } });
      expect((await store.claimDue(claimRequest({ now: at(10_000_000) }))).claimed).toEqual([]);
    });

    it("applies a person's change to the job as stored, and says when nothing changed", async () => {
      await store.addIfKeyAbsent(pendingJob('k', { status: 'given_up', attempts: 6 }));
      const retried = await store.change('job-k', (job) => {
        retryAgain(job, at(5000));
        return true;
      });
      expect(retried).toEqual({
        job: expect.objectContaining({ status: 'pending', attempts: 0, retries: 1 }),
        changed: true,
      });
      expect(await store.get('job-k')).toEqual(retried?.job);
      expect(await store.change('job-k', () => false)).toMatchObject({ changed: false });
      expect(await store.change('job-none', () => true)).toBeUndefined();
    });

    it('drops a job that is not running and refuses a running one', async () => {
      await store.addIfKeyAbsent(pendingJob('idle', { status: 'failed' }));
      await store.addIfKeyAbsent(pendingJob('busy'));
      await store.claimDue(claimRequest());
      expect(await store.drop('job-idle')).toMatchObject({ id: 'job-idle', status: 'failed' });
      expect(await store.get('job-idle')).toBeUndefined();
      expect(await store.drop('job-busy')).toMatchObject({ status: 'running' });
      expect(await store.get('job-busy')).toBeDefined();
      expect(await store.drop('job-none')).toBeUndefined();
      // Its key is free again.
      expect((await store.addIfKeyAbsent(pendingJob('idle', { id: 'job-new' }))).id).toBe('job-new');
    });

    it("lets one caller claim the telling of each outcome: once per job and per person's retry", async () => {
      await store.addIfKeyAbsent(pendingJob('k', { status: 'succeeded' }));
      expect(await store.claimReport('job-k', 0)).toBe(true);
      expect(await store.claimReport('job-k', 0)).toBe(false);
      expect(await store.claimReport('job-k', 1)).toBe(true);
      expect(await store.claimReport('job-k', 0)).toBe(false);
    });

    it('counts pending and running jobs per type with the age of the oldest', async () => {
      await store.addIfKeyAbsent(pendingJob('a', { createdAt: at(-60_000).toISOString() }));
      await store.addIfKeyAbsent(pendingJob('b'));
      await store.addIfKeyAbsent(
        pendingJob('timer', { type: 'escalate.next', notBefore: at(30_000).toISOString() }),
      );
      await store.addIfKeyAbsent(pendingJob('done', { type: 'block.scim', status: 'succeeded' }));
      await store.claimDue(claimRequest({ limit: 1 }));
      expect(await store.stats(at(10_000))).toEqual([
        { type: 'escalate.next', pending: 1, running: 0, oldestPendingAgeMs: 0, oldestRunningAgeMs: 0 },
        {
          type: 'ticket.create',
          pending: 1,
          running: 1,
          oldestPendingAgeMs: 10_000,
          oldestRunningAgeMs: 70_000,
        },
      ]);
    });

    it('prunes settled jobs past retention at start and keeps the rest', async () => {
      await store.addIfKeyAbsent(
        pendingJob('old', { status: 'succeeded', updatedAt: at(-10_000).toISOString() }),
      );
      await store.addIfKeyAbsent(
        pendingJob('recent', { status: 'failed', updatedAt: at(-10).toISOString() }),
      );
      await store.addIfKeyAbsent(pendingJob('old-pending', { updatedAt: at(-10_000).toISOString() }));
      const repair = await store.prepareStart(T0, DEFAULT_RETRY_POLICY, 1000);
      expect(repair.pruned).toBe(1);
      expect((await store.list()).map((job) => job.id)).toEqual(['job-recent', 'job-old-pending']);
    });

    it('runs an Outbox: enqueue, one attempt with the idempotency key, settled and announced once', async () => {
      const outbox = new Outbox({ dataDir: under.dataDir, store, pollIntervalMs: 50 });
      const keys: string[] = [];
      outbox.register('ticket.create', async (_payload, { idempotencyKey }) => {
        keys.push(idempotencyKey);
        return { ticket: 'INC001' };
      });
      const settled: OutboxJob[] = [];
      outbox.onSettled((job) => settled.push(job));
      await outbox.start();
      try {
        const next = nextSettled(outbox);
        const job = await outbox.enqueue({
          type: 'ticket.create',
          idempotencyKey: 'ticket:SOC-1',
          payload: { ref: 'SOC-1' },
        });
        expect(
          (await outbox.enqueue({ type: 'ticket.create', idempotencyKey: 'ticket:SOC-1', payload: {} })).id,
        ).toBe(job.id);
        expect(await next).toMatchObject({
          id: job.id,
          status: 'succeeded',
          attempts: 1,
          result: { ticket: 'INC001' },
        });
        expect(await outbox.waitFor(job.id, 100)).toMatchObject({ status: 'succeeded' });
        expect(keys).toEqual(['ticket:SOC-1']);
        expect(settled).toHaveLength(1);
        expect(await outbox.stats()).toEqual([]);
      } finally {
        await outbox.stop({ graceMs: 0 });
      }
    });

    it('keeps claim() of the lifecycle and the store in step: a claimed copy equals the stored job', async () => {
      const job = pendingJob('k');
      await store.addIfKeyAbsent(job);
      const [claimed] = (await store.claimDue(claimRequest())).claimed;
      claim(job, at(1000));
      expect(claimed).toEqual(job);
      expect(await store.get('job-k')).toEqual(job);
    });
  });
}
