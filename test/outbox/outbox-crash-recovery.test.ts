import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeOutcome } from '../../src/outbox/outcome-message';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import { eventually, nextSettled, outboxKit } from './outbox-test-kit';

const NOW = new Date('2026-11-22T07:00:00Z');

/** A job as a process that died in the middle of its attempt left it on disk. */
function leftRunning(fields: Partial<OutboxJob>): OutboxJob {
  return {
    id: 'job-crashy',
    type: 'ticket.create',
    idempotencyKey: 'ticket:SOC-2026-0001',
    payload: { ref: 'SOC-2026-0001' },
    status: 'running',
    attempts: 1,
    nextAttemptAt: '2026-11-22T06:59:00.000Z',
    origin: { alertRef: 'SOC-2026-0001', conversationKey: 'conv-1' },
    createdAt: '2026-11-22T06:58:00.000Z',
    updatedAt: '2026-11-22T06:59:00.000Z',
    ...fields,
  };
}

describe('Outbox crash recovery', () => {
  let kit: Awaited<ReturnType<typeof outboxKit>>;
  beforeEach(async () => {
    kit = await outboxKit();
  });
  afterEach(async () => {
    await kit.cleanup();
  });

  async function store(job: OutboxJob): Promise<void> {
    await writeFile(path.join(kit.dir, OUTBOX_FILE_NAME), JSON.stringify({ jobs: [job] }));
  }

  it('gives up, and announces, a job left running at its last attempt instead of running attempt 7', async () => {
    // maxAttempts is 6 in the kit: the handler took the process down six times already.
    await store(leftRunning({ attempts: 6 }));
    const outbox = kit.open({ now: () => NOW });
    const attempts: number[] = [];
    outbox.register('ticket.create', async (_payload, { attempt }) => {
      attempts.push(attempt);
      return 'ran again';
    });
    const settled = nextSettled(outbox);
    expect(await outbox.start()).toEqual({ recovered: 0 });

    const job = await settled;
    expect(job).toMatchObject({
      id: 'job-crashy',
      status: 'given_up',
      attempts: 6,
      lastError: {
        code: 'PROCESS_STOPPED',
        message: expect.stringMatching(/attempt 6 of 6 was running when socbot stopped/),
      },
    });
    expect(describeOutcome(job, { task: 'create the ticket' })).toMatch(
      /^I could not create the ticket after 6 attempts: attempt 6 of 6 was running when socbot stopped/,
    );
    // The worker had every chance to claim it: it never does.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(attempts).toEqual([]);
    expect((await kit.rawFile()).jobs[0]).toMatchObject({ status: 'given_up', attempts: 6 });

    // A later start does not touch it again.
    await outbox.stop({ graceMs: 0 });
    const again = kit.open({ now: () => NOW });
    again.register('ticket.create', async () => 'ran again');
    expect(await again.start()).toEqual({ recovered: 0 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await kit.rawFile()).jobs[0]).toMatchObject({ status: 'given_up', attempts: 6 });
  });

  it('gives up a job left running that is older than maxAgeMs, even with attempts left', async () => {
    await store(leftRunning({ attempts: 2, createdAt: '2026-11-20T07:00:00.000Z' }));
    const outbox = kit.open({ now: () => NOW, retryPolicy: { maxAgeMs: 24 * 60 * 60 * 1000 } });
    const attempts: number[] = [];
    outbox.register('ticket.create', async (_payload, { attempt }) => {
      attempts.push(attempt);
      return 'ran again';
    });
    const settled = nextSettled(outbox);
    await outbox.start();
    expect(await settled).toMatchObject({
      status: 'given_up',
      attempts: 2,
      lastError: { code: 'PROCESS_STOPPED', message: expect.stringMatching(/older than the 24 h/) },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(attempts).toEqual([]);
  });

  it('still retries a job left running with attempts and age left, as the next attempt', async () => {
    await store(leftRunning({ attempts: 5 }));
    const outbox = kit.open({ now: () => NOW });
    const attempts: number[] = [];
    outbox.register('ticket.create', async (_payload, { attempt }) => {
      attempts.push(attempt);
      return 'done';
    });
    const settled = nextSettled(outbox);
    expect(await outbox.start()).toEqual({ recovered: 1 });
    expect(await settled).toMatchObject({ status: 'succeeded', attempts: 6 });
    await eventually(() => attempts.length === 1);
    expect(attempts).toEqual([6]);
  });
});
