import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OutcomeReports } from '../../src/app/outcome-reports';
import { Outbox } from '../../src/outbox/outbox';
import { isSettled } from '../../src/outbox/outbox-job';
import { createCapturedLogger } from '../helpers/captured-logger';

describe('OutcomeReports', () => {
  let dir: string;
  let outbox: Outbox;
  let reports: OutcomeReports;
  const sent: Array<[string, string | undefined]> = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-reports-'));
    sent.length = 0;
    outbox = new Outbox({ dataDir: dir, pollIntervalMs: 50 });
    reports = new OutcomeReports(
      outbox,
      { deliver: async (key, message) => void sent.push([key, message.text]) },
      // The words of this test's own job: what matters here is who tells, and when.
      (job) => ({
        task: `create the ticket for ${job.origin.alertRef ?? ''}`,
        success: (result) =>
          `Ticket ${(result as { number: string }).number} created for ${job.origin.alertRef ?? ''}.`,
      }),
      createCapturedLogger().logger,
    );
    outbox.register('ticket.create', async (payload) => {
      const { delayMs } = payload as { delayMs: number };
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { number: 'INC0010001' };
    });
    await outbox.start();
  });
  afterEach(async () => {
    await outbox.stop();
    await reports.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function queue(delayMs: number, ref: string): Promise<string> {
    const job = await outbox.enqueue({
      type: 'ticket.create',
      idempotencyKey: `${ref}:ticket.create`,
      payload: { ref, delayMs },
      origin: { alertRef: ref, conversationKey: 'msteams/conv-1' },
    });
    reports.hold(job.id);
    return job.id;
  }

  it('tells a job that settled before the turn waited in the turn, and not again by message', async () => {
    const id = await queue(0, 'SOC-2026-0001');
    for (let i = 0; i < 100 && !isSettled((await outbox.get(id)) ?? { status: 'pending' }); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await reports.waitAndDescribe([{ jobId: id }], 100)).toEqual([
      'Ticket INC0010001 created for SOC-2026-0001.',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toEqual([]);
  });

  it('answers "on it" for a slow job and tells its outcome once, later, in its conversation', async () => {
    const id = await queue(300, 'SOC-2026-0002');
    expect(await reports.waitAndDescribe([{ jobId: id }], 50)).toEqual([
      'On it: I will create the ticket for SOC-2026-0002 and report back here.',
    ]);
    expect(sent).toEqual([]);
    await outbox.waitFor(id, 2000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toEqual([['msteams/conv-1', 'Ticket INC0010001 created for SOC-2026-0002.']]);
  });
});
