import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OutcomeReports, queuedActionOf, type WaitedJob } from '../../src/app/outcome-reports';
import { Database } from '../../src/db/database';
import { Outbox } from '../../src/outbox/outbox';
import { PgOutboxStore } from '../../src/store/postgres/pg-outbox-store';
import { createCapturedLogger } from '../helpers/captured-logger';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { eventually } from '../outbox/outbox-test-kit';

/**
 * "Told once" with two replicas on one PostgreSQL outbox: the turn waits on one replica, the job is
 * settled by the other replica's worker, whose listener knows nothing of the turn's hold.
 */
describe('OutcomeReports across replicas', () => {
  let testDb: TestDatabase;
  let dataDir: string;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-reports-replicas-'));
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  function replica(replicaId: string, handlerDelayMs?: number, sharedHoldMs = 500) {
    const db = new Database(testDb.settings);
    const outbox = new Outbox({ dataDir, store: new PgOutboxStore(db, replicaId), pollIntervalMs: 30 });
    const sent: string[] = [];
    const reports = new OutcomeReports(
      outbox,
      { deliver: async (_key, message) => void sent.push(message.text ?? '') },
      (job) => ({
        task: `create the ticket for ${job.origin.alertRef ?? ''}`,
        success: () => `Ticket created for ${job.origin.alertRef ?? ''}.`,
      }),
      createCapturedLogger().logger,
      { sharedHoldMs },
    );
    if (handlerDelayMs !== undefined) {
      outbox.register('ticket.create', async () => {
        await new Promise((resolve) => setTimeout(resolve, handlerDelayMs));
        return null;
      });
    }
    closers.push(async () => {
      await outbox.stop({ graceMs: 0 });
      await reports.close();
      await db.close();
    });
    return { outbox, reports, sent };
  }

  /** Queues the ticket job as a turn does: held at once, its standing as queued kept for the wait. */
  async function queueOn(outbox: Outbox, reports: OutcomeReports, ref: string): Promise<WaitedJob> {
    const job = await outbox.enqueue({
      type: 'ticket.create',
      idempotencyKey: `${ref}:ticket.create`,
      payload: { ref },
      origin: { alertRef: ref, conversationKey: 'msteams/conv-1' },
    });
    reports.hold(job.id);
    return queuedActionOf(job, `create the ticket for ${ref}`);
  }

  it('tells a job the other replica settled during the turn exactly once', async () => {
    const turnSide = replica('replica-a');
    const workerSide = replica('replica-b', 0);
    await turnSide.outbox.start();
    await workerSide.outbox.start();
    const queued = await queueOn(turnSide.outbox, turnSide.reports, 'SOC-2026-0101');
    const lines = await turnSide.reports.waitAndDescribe([queued], 2000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const told = [...lines, ...turnSide.sent, ...workerSide.sent];
    expect(told).toEqual(['Ticket created for SOC-2026-0101.']);
  });

  it('answers "on it" in the turn and has the settling replica tell the outcome once, later', async () => {
    const turnSide = replica('replica-a');
    const workerSide = replica('replica-b', 400);
    await turnSide.outbox.start();
    await workerSide.outbox.start();
    const queued = await queueOn(turnSide.outbox, turnSide.reports, 'SOC-2026-0102');
    expect(await turnSide.reports.waitAndDescribe([queued], 100)).toEqual([
      'On it: I will create the ticket for SOC-2026-0102 and report back here.',
    ]);
    await turnSide.outbox.waitFor(queued.jobId, 3000);
    await eventually(() => workerSide.sent.length > 0, 3000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...turnSide.sent, ...workerSide.sent]).toEqual(['Ticket created for SOC-2026-0102.']);
  });

  it('tells once a job the other replica settled before the turn began to wait: the turn tells it', async () => {
    const turnSide = replica('replica-a');
    const workerSide = replica('replica-b', 0, 1000);
    await turnSide.outbox.start();
    await workerSide.outbox.start();
    const queued = await queueOn(turnSide.outbox, turnSide.reports, 'SOC-2026-0104');
    await eventually(async () => (await turnSide.outbox.get(queued.jobId))?.status === 'succeeded', 3000);
    const lines = await turnSide.reports.waitAndDescribe([queued], 2000);
    expect(lines).toEqual(['Ticket created for SOC-2026-0104.']);
    // The settling replica's message was held back for the turn, and then found it told.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect([...turnSide.sent, ...workerSide.sent]).toEqual([]);
  });

  it('tells once a job the other replica settled and told while the turn was slow to wait for it', async () => {
    const turnSide = replica('replica-a');
    const workerSide = replica('replica-b', 0, 100);
    await turnSide.outbox.start();
    await workerSide.outbox.start();
    const queued = await queueOn(turnSide.outbox, turnSide.reports, 'SOC-2026-0105');
    // The settling replica held its message back 100 ms, then told it: the turn came later.
    await eventually(() => workerSide.sent.length > 0, 3000);
    const lines = await turnSide.reports.waitAndDescribe([queued], 500);
    expect([...lines, ...turnSide.sent, ...workerSide.sent]).toEqual(['Ticket created for SOC-2026-0105.']);
  });

  it('describes the outcome to a second request for the job while the first turn still waits, and not twice to the first', async () => {
    const turnSide = replica('replica-a');
    const workerSide = replica('replica-b', 0, 100);
    await turnSide.outbox.start();
    await workerSide.outbox.start();
    const first = await queueOn(turnSide.outbox, turnSide.reports, 'SOC-2026-0106');
    await eventually(() => workerSide.sent.length > 0, 3000);
    // A Confirm pressed again in another turn, while the first turn is still held: settled when queued.
    const second = await queueOn(turnSide.outbox, turnSide.reports, 'SOC-2026-0106');
    expect(await turnSide.reports.waitAndDescribe([second], 500)).toEqual([
      'Ticket created for SOC-2026-0106.',
    ]);
    expect(await turnSide.reports.waitAndDescribe([first], 500)).toEqual([]);
    expect(workerSide.sent).toEqual(['Ticket created for SOC-2026-0106.']);
  });

  it('describes an earlier request’s job that was already settled and told, as on one replica', async () => {
    const turnSide = replica('replica-a');
    const workerSide = replica('replica-b', 0);
    await turnSide.outbox.start();
    await workerSide.outbox.start();
    const queued = await queueOn(turnSide.outbox, turnSide.reports, 'SOC-2026-0103');
    await turnSide.reports.waitAndDescribe([queued], 2000);
    // The same request again (a Confirm pressed twice): the turn says how it ended.
    const again = await queueOn(turnSide.outbox, turnSide.reports, 'SOC-2026-0103');
    expect(again.jobId).toBe(queued.jobId);
    expect(await turnSide.reports.waitAndDescribe([again], 500)).toEqual([
      'Ticket created for SOC-2026-0103.',
    ]);
  });
});
