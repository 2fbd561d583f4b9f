import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import type { AuditEntry } from '../../src/audit/audit-entry';
import { auditFilePath } from '../../src/audit/audit-log';
import { readAuditFile } from '../../src/audit/read-audit-file';
import { isSocbotError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import { unfinishedJobs } from '../../src/outbox/rebuild-from-audit';
import type { AlertRecord } from '../../src/store/alert-register';
import { testConfig, type ConfigOverrides } from '../helpers/test-config';

/**
 * Issue 12 item 4: moving a damaged outbox.json aside (its documented remedy) silently dropped
 * every pending job. The audit entry of a queued job now carries the job, and start-up writes the
 * unfinished ones back.
 */
describe('a lost outbox.json is rebuilt from the audit trail', () => {
  let dir: string;
  const apps: SocbotApp[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-outbox-rebuild-'));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const appWith = (integrations: ConfigOverrides['integrations']): SocbotApp => {
    const app = createApp({
      config: testConfig({ dataDir: dir, host: '127.0.0.1', port: 0, integrations }),
      logger: createLogger({ level: 'silent' }),
      // One attempt now, the next far away: the job stays pending while the test looks.
      outbox: { retryPolicy: { minDelayMs: 600_000, maxDelayMs: 600_000, jitter: false } },
    });
    apps.push(app);
    return app;
  };
  const alert: AlertRecord = {
    ref: 'SOC-2026-0001',
    alertId: '4711',
    terminal: 'PC-0815',
    username: 'DDIC',
    system: 'PRD',
    priority: 'P2',
    createdBy: 'Ana',
    conversationId: 'conv-1',
    status: 'registered',
    createdAt: '2026-12-06T02:00:00.000Z',
  };

  it('queues a pending ticket job again, with its id, key, payload and origin, and audits the repair', async () => {
    // A ticketing service nobody answers on: the job stays pending after its first attempt.
    const first = appWith({
      ticketing: { provider: 'webhook', url: 'http://127.0.0.1:9/tickets', secret: 's'.repeat(32) },
    });
    await first.start();
    const actions = first.actionServices({
      actor: { id: 'aad-ana', name: 'Ana' },
      conversationId: 'conv-1',
      conversationKey: 'msteams/conv-1',
    });
    const queued = await actions.createTicket(alert);
    const [before] = await first.outbox.list();
    await first.stop();
    expect(before).toMatchObject({ id: queued?.jobId, status: expect.stringMatching(/pending|running/) });

    const outboxFile = path.join(dir, OUTBOX_FILE_NAME);
    await rename(outboxFile, `${outboxFile}.corrupt`);
    const second = appWith({});
    await second.start();

    const [rebuilt] = await second.outbox.list();
    expect(rebuilt).toMatchObject({
      id: before?.id,
      type: 'ticket.create',
      idempotencyKey: before?.idempotencyKey,
      payload: before?.payload,
      origin: { alertRef: 'SOC-2026-0001', conversationKey: 'msteams/conv-1', userId: 'aad-ana' },
      status: 'pending',
    });
    expect(second.repairs).toEqual([
      expect.objectContaining({ file: outboxFile }),
      // The test queued a ticket for an alert it never registered: the register takes it from the job.
      expect.objectContaining({ file: path.join(dir, 'alerts.jsonl'), rebuilt: ['SOC-2026-0001'] }),
    ]);
    await second.audit.flush();
    const { lines } = await readAuditFile(auditFilePath(dir));
    const repair = lines.map((line) => line.entry).find((entry) => entry?.action === 'repair');
    expect(repair?.summary).toContain('rebuilt');
    expect(repair?.details).toMatchObject({ file: outboxFile, rebuilt: [before?.id], lost: [] });
  });

  it('says, when outbox.json cannot be read, that moving it aside keeps the pending jobs', async () => {
    const outboxFile = path.join(dir, OUTBOX_FILE_NAME);
    await writeFile(outboxFile, '{"jobs": [');
    const error: unknown = await appWith({})
      .start()
      .catch((e: unknown) => e);
    apps.pop();
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(`mv "${outboxFile}" "${outboxFile}.corrupt"`);
    expect(message).toContain('rebuilds outbox.json from the audit trail');
  });

  it('rebuilds nothing on a fresh data directory', async () => {
    const app = appWith({});
    await app.start();
    expect(app.repairs).toEqual([]);
    expect(await app.outbox.list()).toEqual([]);
    expect(existsSync(auditFilePath(dir))).toBe(false);
  });
});

describe('unfinishedJobs replays the side-effect entries of the audit trail', () => {
  let seq = 0;
  const entry = (
    action: AuditEntry['action'],
    details: Record<string, unknown>,
    result?: string,
  ): AuditEntry => ({
    seq: ++seq,
    at: `2026-12-06T02:00:${String(seq).padStart(2, '0')}.000Z`,
    actor: { id: 'system' },
    action,
    summary: `entry ${seq}`,
    ...(result ? { result } : {}),
    details,
    prevHash: '',
    hash: '',
  });
  const call = (jobId: string) =>
    entry(
      'call',
      { jobId, type: 'ticket.create', idempotencyKey: `key-${jobId}`, payload: { ref: jobId }, origin: {} },
      'queued',
    );
  const now = new Date('2026-12-06T03:00:00.000Z');

  it('leaves out what succeeded or was dropped, keeps what was given up, and names what cannot be rebuilt', () => {
    const { rebuilt, lost } = unfinishedJobs(
      [
        call('done'),
        entry('result', { jobId: 'done', attempts: 1 }, 'succeeded'),
        call('given'),
        entry(
          'result',
          { jobId: 'given', attempts: 6, error: { code: 'UPSTREAM_UNAVAILABLE', message: '503' } },
          'given up after 6 attempts: UPSTREAM_UNAVAILABLE',
        ),
        call('dropped'),
        entry('operator', { jobId: 'dropped', operation: 'drop' }),
        call('retried'),
        entry('result', { jobId: 'retried', attempts: 6 }, 'given up after 6 attempts: TIMEOUT'),
        entry('operator', { jobId: 'retried', operation: 'retry' }),
        call('waiting'),
        // An earlier version's entry: the job, but not its payload.
        entry('call', { jobId: 'old', type: 'ticket.create', idempotencyKey: 'key-old' }, 'queued'),
      ],
      now,
    );
    expect(rebuilt.map((job) => [job.id, job.status])).toEqual([
      ['given', 'given_up'],
      ['retried', 'pending'],
      ['waiting', 'pending'],
    ]);
    expect(rebuilt[0]).toMatchObject({
      attempts: 6,
      lastError: { code: 'UPSTREAM_UNAVAILABLE', message: '503' },
    });
    expect(rebuilt[1]).toMatchObject({ attempts: 0, retries: 1, nextAttemptAt: now.toISOString() });
    expect(lost).toEqual([expect.objectContaining({ jobId: 'old' })]);
  });

  it('keeps a rebuilt timer waiting for its notBefore; one already due runs at once', () => {
    const later = '2026-12-06T03:10:00.000Z';
    const timer = (jobId: string, notBefore: string) =>
      entry(
        'call',
        {
          jobId,
          type: 'escalate.next',
          idempotencyKey: `key-${jobId}`,
          payload: { ref: jobId },
          origin: {},
          notBefore,
        },
        'queued',
      );
    const { rebuilt } = unfinishedJobs(
      [timer('undue', later), timer('due', '2026-12-06T02:50:00.000Z')],
      now,
    );
    expect(rebuilt.map((job) => [job.id, job.nextAttemptAt, job.notBefore])).toEqual([
      ['undue', later, later],
      ['due', now.toISOString(), '2026-12-06T02:50:00.000Z'],
    ]);
  });
});
