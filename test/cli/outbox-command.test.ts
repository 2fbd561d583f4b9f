import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { auditFilePath } from '../../src/audit/audit-log';
import { readAuditFile } from '../../src/audit/read-audit-file';
import { createLogger } from '../../src/logger';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import { DATA_DIR_LOCK_FILE_NAME } from '../../src/store/data-dir-lock';
import { testConfig } from '../helpers/test-config';
import { runCli } from './run-cli';

/**
 * Issue 12 item 5: a side effect given up after a long outage was never tried again, and nobody
 * could make it. `socbot outbox list|retry|drop` against a real data directory, with and without
 * a running socbot.
 */
describe('socbot outbox', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'socbot-outbox-cli-')), 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      path.join(dataDir, OUTBOX_FILE_NAME),
      JSON.stringify({
        jobs: [job('job-given-up', 'given_up'), job('job-done', 'succeeded'), job('job-failed', 'failed')],
      }),
    );
  });
  afterEach(async () => {
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ SOCBOT_DATA_DIR: dataDir, USER: 'olga' });
  const stored = async (): Promise<OutboxJob[]> =>
    (JSON.parse(await readFile(path.join(dataDir, OUTBOX_FILE_NAME), 'utf8')) as { jobs: OutboxJob[] }).jobs;
  const operatorEntries = async () =>
    (await readAuditFile(auditFilePath(dataDir))).lines
      .map((line) => line.entry)
      .filter((entry) => entry?.action === 'operator');

  it('lists what is not done, with the counts and what to do', async () => {
    const { code, stdout } = await runCli(['outbox', 'list'], { env: env() });
    expect(code).toBe(0);
    expect(stdout).toContain('job-given-up');
    expect(stdout).toContain('job-failed');
    expect(stdout).not.toContain('job-done');
    expect(stdout).toContain('create the ticket for SOC-2026-0001');
    expect(stdout).toContain('UPSTREAM_UNAVAILABLE');
    expect(stdout).toContain('0 queued, 0 running, 0 retrying, 1 given up, 1 failed.');
    expect(stdout).toContain('socbot outbox retry <id>');
    const json = await runCli(['outbox', 'list', '--all', '--json'], { env: env() });
    expect((JSON.parse(json.stdout) as OutboxJob[]).map((j) => j.id)).toEqual([
      'job-given-up',
      'job-done',
      'job-failed',
    ]);
  });

  it('retries a given-up job with a fresh budget and audits who did it, when no socbot runs', async () => {
    const { code, stdout } = await runCli(['outbox', 'retry', 'job-given-up'], { env: env() });
    expect(code).toBe(0);
    expect(stdout).toContain('Queued job-given-up (ticket.create, SOC-2026-0001) again (it was given_up)');
    expect((await stored())[0]).toMatchObject({
      id: 'job-given-up',
      status: 'pending',
      attempts: 0,
      retries: 1,
    });
    expect(await operatorEntries()).toEqual([
      expect.objectContaining({
        // The account the CLI runs as, not $USER (set to olga above: anyone can set it).
        actor: { id: `os:${os.userInfo().username}`, name: os.userInfo().username, role: 'operator' },
        alertRef: 'SOC-2026-0001',
        details: expect.objectContaining({
          jobId: 'job-given-up',
          operation: 'retry',
          via: 'cli',
          statusBefore: 'given_up',
          statusAfter: 'pending',
        }),
      }),
    ]);
  });

  it('drops a job and audits it; an unknown id is an error that names the way to find ids', async () => {
    expect((await runCli(['outbox', 'drop', 'job-failed'], { env: env() })).stdout).toContain(
      'Dropped job-failed',
    );
    expect((await stored()).map((j) => j.id)).toEqual(['job-given-up', 'job-done']);
    expect(await operatorEntries()).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ jobId: 'job-failed', operation: 'drop', statusAfter: 'dropped' }),
      }),
    ]);
    const unknown = await runCli(['outbox', 'retry', 'job-nope'], { env: env() });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error [INPUT_INVALID]: There is no outbox job job-nope');
  });

  it('with no socbot running, sets aside a cut-off last line of the audit trail first, so the drop is audited', async () => {
    // A crash left half an entry at the end of audit.jsonl; socbot is down.
    await writeFile(auditFilePath(dataDir), '{"seq":1,"at":"2026-12-06T0');
    const { code, stdout, stderr } = await runCli(['outbox', 'drop', 'job-failed'], { env: env() });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Dropped job-failed');
    expect((await stored()).map((j) => j.id)).toEqual(['job-given-up', 'job-done']);
    const entries = (await readAuditFile(auditFilePath(dataDir))).lines.map((line) => line.entry);
    expect(entries.map((entry) => entry?.action)).toEqual(['repair', 'operator']);
    expect(entries[1]?.details).toMatchObject({
      jobId: 'job-failed',
      operation: 'drop',
      statusAfter: 'dropped',
    });
    const aside = (await readdir(dataDir)).filter((name) => name.startsWith('audit.jsonl.torn-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(path.join(dataDir, aside[0] ?? ''), 'utf8')).toBe('{"seq":1,"at":"2026-12-06T0');
    expect((await runCli(['audit', 'verify'], { env: env() })).code).toBe(0);
  });

  it('scrubs the configured credential values from what it audits, as the server does', async () => {
    // A value that happens to be a credential (here the SIEM secret) never reaches the trail.
    const secret = 'job-0123456789abcdef';
    await writeFile(path.join(dataDir, OUTBOX_FILE_NAME), JSON.stringify({ jobs: [job(secret, 'failed')] }));
    const { code, stderr } = await runCli(['outbox', 'drop', secret], {
      env: { ...env(), SIEM_WEBHOOK_SECRET: secret },
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const [entry] = await operatorEntries();
    // Like the server's: details are scrubbed (the one-line summary names the job as typed).
    expect(entry?.details).toMatchObject({ operation: 'drop', statusBefore: 'failed' });
    expect(JSON.stringify(entry?.details)).not.toContain(secret);
  });

  describe('next to a running socbot', () => {
    let app: SocbotApp;
    let lockFile: string;
    let ownLock: string;
    beforeEach(async () => {
      app = createApp({
        config: testConfig({ dataDir, host: '127.0.0.1', port: 0 }),
        logger: createLogger({ level: 'silent' }),
        outbox: { pollIntervalMs: 50 },
      });
      await app.start();
      // The CLI runs in this process; the lock must name another live one, as a real server's does.
      lockFile = path.join(dataDir, DATA_DIR_LOCK_FILE_NAME);
      ownLock = await readFile(lockFile, 'utf8');
      await writeFile(lockFile, `${process.ppid}\n{"command":"serve"}`);
    });
    afterEach(async () => {
      await writeFile(lockFile, ownLock);
      await app.stop();
    });

    it('leaves the request to the running socbot, which applies and audits it', async () => {
      const { code, stdout } = await runCli(['outbox', 'retry', 'job-given-up'], { env: env() });
      expect(code).toBe(0);
      expect(stdout).toContain('Queued job-given-up (ticket.create, SOC-2026-0001) again');
      expect(await app.outbox.get('job-given-up')).toMatchObject({ status: 'pending', retries: 1 });
      await app.audit.flush();
      expect(await operatorEntries()).toEqual([
        expect.objectContaining({
          // The running socbot names the owner of the request file.
          actor: expect.objectContaining({ id: `os:${os.userInfo().username}` }),
          details: expect.objectContaining({ via: 'cli' }),
        }),
      ]);
      // Still one writer: the chain the server writes is intact.
      expect((await runCli(['audit', 'verify'], { env: env() })).code).toBe(0);
    });
  });
});

function job(id: string, status: OutboxJob['status']): OutboxJob {
  const at = new Date().toISOString();
  return {
    id,
    type: 'ticket.create',
    idempotencyKey: `SOC-2026-0001:ticket.create:${id}`,
    payload: {
      ref: 'SOC-2026-0001',
      alertId: '4711',
      priority: 'P2',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      requestedBy: 'Ana',
    },
    status,
    attempts: status === 'succeeded' ? 1 : 6,
    nextAttemptAt: at,
    origin: { alertRef: 'SOC-2026-0001' },
    createdAt: at,
    updatedAt: at,
    ...(status === 'succeeded'
      ? {}
      : {
          lastError: { code: 'UPSTREAM_UNAVAILABLE', message: 'servicenow is temporarily unavailable (503)' },
        }),
  };
}
