import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { accessConfigOf } from '../../src/access/access-config';
import { OutcomeReports } from '../../src/app/outcome-reports';
import { auditFilePath } from '../../src/audit/audit-log';
import { readAuditFile } from '../../src/audit/read-audit-file';
import { Outbox } from '../../src/outbox/outbox';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import type { ProactiveMessage } from '../../src/integrations/notify/proactive-delivery';
import { createCapturedLogger } from '../helpers/captured-logger';
import { says, startBot, type BotHarness } from './helpers/bot-harness';

/**
 * Issue 12 item 5: the message of a side effect given up for good had no way back. It now carries
 * a Retry button; pressing it is checked against the job kind's permission and audited.
 */
describe('the Retry button of a given-up side effect', () => {
  let dataDir: string;
  let harness: BotHarness | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-job-retry-'));
    await writeFile(path.join(dataDir, OUTBOX_FILE_NAME), JSON.stringify({ jobs: [givenUpTicket()] }));
  });
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
  });

  const press = (jobId = 'job-1'): Partial<Activity> => ({
    type: 'message',
    value: { action: 'job.retry', jobId },
  });
  const entries = async () => {
    await harness?.app.audit.flush();
    return (await readAuditFile(auditFilePath(dataDir))).lines.flatMap((line) =>
      line.entry ? [line.entry] : [],
    );
  };

  it('runs the job again when an analyst presses it, and audits who did', async () => {
    harness = await startBot({
      dataDir,
      local: false,
      config: { access: accessConfigOf({ analyst: ['user1'] }) },
    });
    await harness.adapter
      .send(press())
      .assertReply(says('Trying again: create the ticket for SOC-2026-0001.', 'I will report back here'));
    // No ticketing is configured in this test: the job waits, pending, with a fresh budget.
    expect(await harness.app.outbox.get('job-1')).toMatchObject({
      status: 'pending',
      attempts: 0,
      retries: 1,
    });
    expect((await entries()).filter((entry) => entry.action === 'operator')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: 'user1', role: 'analyst' }),
        alertRef: 'SOC-2026-0001',
        details: expect.objectContaining({
          jobId: 'job-1',
          operation: 'retry',
          via: 'chat',
          statusBefore: 'given_up',
        }),
      }),
    ]);
  });

  it('refuses a user without the role, audits the refusal and leaves the job given up', async () => {
    harness = await startBot({
      dataDir,
      local: false,
      config: { access: accessConfigOf({ analyst: ['someone-else'] }) },
    });
    await harness.adapter.send(press()).assertReply(says('I did not retry it.'));
    expect(await harness.app.outbox.get('job-1')).toMatchObject({ status: 'given_up', attempts: 6 });
    const all = await entries();
    expect(all.filter((entry) => entry.action === 'operator')).toEqual([]);
    expect(all.filter((entry) => entry.action === 'refusal')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: 'user1' }),
        details: expect.objectContaining({ jobId: 'job-1', permission: 'register_alert' }),
      }),
    ]);
  });

  it('says so for a job that is not there any more', async () => {
    harness = await startBot({
      dataDir,
      local: false,
      config: { access: accessConfigOf({ analyst: ['user1'] }) },
    });
    await harness.adapter.send(press('job-gone')).assertReply(says('no side effect job-gone'));
  });
});

describe('the proactive message of a given-up side effect', () => {
  it('carries a Retry button for that job and says it was NOT done', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-job-retry-card-'));
    const sent: ProactiveMessage[] = [];
    const outbox = new Outbox({ dataDir: dir, pollIntervalMs: 50, retryPolicy: { maxAttempts: 1 } });
    const reports = new OutcomeReports(
      outbox,
      { deliver: async (_key, message) => void sent.push(message) },
      () => ({ task: 'create the ticket for SOC-2026-0001' }),
      createCapturedLogger().logger,
    );
    outbox.register('ticket.create', async () => {
      throw Object.assign(new Error('servicenow is temporarily unavailable (503); socbot will try again.'), {
        retryable: true,
      });
    });
    await outbox.start();
    try {
      const job = await outbox.enqueue({
        type: 'ticket.create',
        idempotencyKey: 'k1',
        payload: {},
        origin: { alertRef: 'SOC-2026-0001', conversationKey: 'msteams/conv-1' },
      });
      await outbox.waitFor(job.id, 2000);
      for (let i = 0; i < 100 && sent.length === 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(sent).toHaveLength(1);
      expect(sent[0]?.text).toContain('It was NOT done');
      expect(sent[0]?.text).toContain('press Retry below');
      expect(sent[0]?.text).not.toContain('socbot will try again');
      expect(JSON.stringify(sent[0]?.attachments)).toContain(
        JSON.stringify({ action: 'job.retry', jobId: job.id }),
      );
    } finally {
      await outbox.stop();
      await reports.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function givenUpTicket(): OutboxJob {
  const at = new Date().toISOString();
  return {
    id: 'job-1',
    type: 'ticket.create',
    idempotencyKey: 'SOC-2026-0001:ticket.create',
    payload: {
      ref: 'SOC-2026-0001',
      alertId: '4711',
      priority: 'P2',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      requestedBy: 'Ana',
    },
    status: 'given_up',
    attempts: 6,
    nextAttemptAt: at,
    lastError: { code: 'UPSTREAM_UNAVAILABLE', message: 'servicenow is temporarily unavailable (503)' },
    origin: { alertRef: 'SOC-2026-0001', conversationKey: 'msteams/conv-1' },
    createdAt: at,
    updatedAt: at,
  };
}
