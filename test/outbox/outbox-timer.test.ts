import { eventually, integrationError, nextSettled, outboxKit } from './outbox-test-kit';

/** A timer job (the next escalation tier): queued now, attempted not before its `notBefore`. */
const timer = (notBefore: Date) => ({
  type: 'escalate.next',
  idempotencyKey: 'escalate:SOC-2026-0001:timer',
  payload: { ref: 'SOC-2026-0001' },
  notBefore: notBefore.toISOString(),
});

describe('Outbox timers (notBefore)', () => {
  let kit: Awaited<ReturnType<typeof outboxKit>>;
  beforeEach(async () => {
    kit = await outboxKit();
  });
  afterEach(async () => {
    await kit.cleanup();
  });

  it('does not attempt a job before its notBefore, then runs it', async () => {
    const outbox = kit.open();
    const ranAt: number[] = [];
    outbox.register('escalate.next', async () => {
      ranAt.push(Date.now());
      return { fired: true };
    });
    await outbox.start();
    const due = new Date(Date.now() + 400);
    const settled = nextSettled(outbox, 5000);
    const job = await outbox.enqueue(timer(due));
    expect(job).toMatchObject({
      status: 'pending',
      nextAttemptAt: due.toISOString(),
      notBefore: due.toISOString(),
    });
    expect((await settled).status).toBe('succeeded');
    expect(ranAt).toHaveLength(1);
    expect(ranAt[0]).toBeGreaterThanOrEqual(due.getTime());
  });

  it('keeps an undue timer across a restart, and a second enqueue with the key keeps the first time', async () => {
    const first = kit.open();
    const due = new Date(Date.now() + 600);
    const job = await first.enqueue(timer(due));
    const again = await first.enqueue(timer(new Date(Date.now() + 60_000)));
    expect(again.id).toBe(job.id);
    await first.stop();

    const second = kit.open();
    let ran = 0;
    second.register('escalate.next', async () => {
      ran += 1;
      return { fired: true };
    });
    await second.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ran).toBe(0);
    expect((await kit.rawFile()).jobs[0]).toMatchObject({ status: 'pending', notBefore: due.toISOString() });
    await eventually(() => ran === 1, 5000);
    expect(Date.now()).toBeGreaterThanOrEqual(due.getTime());
  });

  it("counts a timer's retry budget from when it became due, not from when it was queued", async () => {
    // maxAgeMs 300: a timer queued 500 ms ahead would be "too old" at its first failure if age
    // counted from createdAt, and be given up without a retry.
    const outbox = kit.open({
      retryPolicy: {
        minDelayMs: 10,
        maxDelayMs: 20,
        factor: 1,
        jitter: false,
        maxAttempts: 3,
        maxAgeMs: 300,
      },
    });
    let attempts = 0;
    outbox.register('escalate.next', async () => {
      attempts += 1;
      if (attempts === 1) throw integrationError('unavailable', true);
      return { fired: true };
    });
    await outbox.start();
    const settled = nextSettled(outbox, 5000);
    await outbox.enqueue(timer(new Date(Date.now() + 500)));
    expect(await settled).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('refuses a notBefore that is not a time', async () => {
    const outbox = kit.open();
    await expect(outbox.enqueue({ ...timer(new Date()), notBefore: 'soon' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
