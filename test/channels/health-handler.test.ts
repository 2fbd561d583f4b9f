import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import type { BotHealth } from '../../src/channels/health-handler';
import { createEchoBot } from '../../src/channels/echo-bot';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { OUTBOX_FILE_NAME } from '../../src/outbox/outbox-file';
import type { OutboxJob } from '../../src/outbox/outbox-job';
import { testConfig } from '../helpers/test-config';
import { SocbotError } from '../../src/errors';
import { createCapturedLogger } from '../helpers/captured-logger';
import { httpRequest } from '../helpers/http-request';

/**
 * Issue 12 items 4 and 5: /healthz said 200 ok while side effects had been given up for good and
 * while the outbox could not be read.
 */
describe('/healthz reports side effects and repairs', () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  let health: () => Promise<BotHealth>;
  const captured = createCapturedLogger();

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-health-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_DATA_DIR: dataDir });
    server = await startServer(config, {
      createBot: async () => ({ ...createEchoBot(), health: () => health() }),
      logger: captured.logger,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const counts = { queued: 1, running: 0, retrying: 2, givenUp: 0, failed: 0 };

  it('is ok with the counts by state while nothing is given up', async () => {
    health = async () => ({ sideEffects: counts, repairs: [] });
    const res = await httpRequest(`${server?.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', sideEffects: counts, repairs: [] });
  });

  it('is degraded (still 200) with the reason when a side effect was given up', async () => {
    health = async () => ({ sideEffects: { ...counts, givenUp: 1 }, repairs: [] });
    const res = await httpRequest(`${server?.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'degraded', sideEffects: { givenUp: 1 } });
    expect((res.json as { reason: string }).reason).toMatch(/1 side effect was given up.*socbot outbox list/);
  });

  it('is 503 with a reason that names no path when the outbox cannot be read; the log has the whole error', async () => {
    const error = new SocbotError(
      'STORAGE_CORRUPT',
      `The data file ${dataDir}/outbox.json cannot be read: Unexpected end of JSON input. Move it aside.`,
    );
    health = async () => {
      throw error;
    };
    const res = await httpRequest(`${server?.url}/healthz`);
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ status: 'unavailable' });
    expect((res.json as { reason: string }).reason).toContain('cannot read its side effects');
    expect(res.text).not.toContain(dataDir);
    expect(res.text).not.toContain('STORAGE_CORRUPT');
    // Polled every few seconds: the same error is logged once, not on every poll.
    await httpRequest(`${server?.url}/healthz`);
    const logged = captured.lines().filter((line) => String(line.msg).includes('/healthz'));
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).toContain(`${dataDir}/outbox.json cannot be read`);
  });

  it('shows each start-up repair as what and when only: no path, no job id, no alert reference', async () => {
    const at = '2026-12-06T02:44:54.000Z';
    const repairs = [
      {
        file: `${dataDir}/audit.jsonl`,
        what: `set aside the cut-off last line of ${dataDir}/audit.jsonl (57 bytes, kept in ${dataDir}/audit.jsonl.torn-x)`,
        at,
        movedTo: `${dataDir}/audit.jsonl.torn-x`,
        bytes: 57,
      },
      {
        file: `${dataDir}/outbox.json`,
        what: 'rebuilt the missing outbox.json from the audit trail: 1 unfinished job back; 1 could not be rebuilt (queued by an earlier version): job-b (create the ticket for SOC-2026-0042)',
        at,
        rebuilt: ['job-a'],
        lost: [{ jobId: 'job-b', summary: 'create the ticket for SOC-2026-0042', alertRef: 'SOC-2026-0042' }],
      },
    ];
    health = async () => ({ sideEffects: counts, repairs });
    const res = await httpRequest(`${server?.url}/healthz`);
    expect(res.status).toBe(200);
    const shown = (res.json as { repairs: unknown[] }).repairs;
    expect(shown).toEqual([
      { what: expect.stringContaining('audit.jsonl'), at },
      { what: expect.stringContaining('outbox.json'), at },
    ]);
    expect(JSON.stringify(shown)).toMatch(/1 .*back.*1 .*could not be rebuilt/);
    expect(res.text).not.toContain(dataDir);
    expect(res.text).not.toMatch(/"\/|SOC-2026-|job-[ab]/);
  });
});

describe('the app counts its side effects by state for /healthz', () => {
  let dataDir: string;
  let app: SocbotApp;
  beforeEach(async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'socbot-health-app-')), 'data');
    await mkdir(dataDir, { recursive: true });
  });
  afterEach(async () => {
    await app.stop();
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  const job = (id: string, status: OutboxJob['status'], attempts: number): OutboxJob => ({
    id,
    type: 'no.handler.here',
    idempotencyKey: `key-${id}`,
    payload: {},
    status,
    attempts,
    nextAttemptAt: '2099-01-01T00:00:00.000Z',
    origin: {},
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  });

  it('queued, retrying and given up, and the repairs of start-up', async () => {
    await writeFile(
      path.join(dataDir, OUTBOX_FILE_NAME),
      JSON.stringify({
        jobs: [
          job('j1', 'pending', 0),
          job('j2', 'pending', 2),
          job('j3', 'given_up', 6),
          job('j4', 'succeeded', 1),
        ],
      }),
    );
    app = createApp({
      config: testConfig({ dataDir, host: '127.0.0.1', port: 0 }),
      logger: createLogger({ level: 'silent' }),
    });
    await app.start();
    expect(await app.health()).toEqual({
      sideEffects: { queued: 1, running: 0, retrying: 1, givenUp: 1, failed: 0 },
      repairs: [],
      store: { kind: 'files' },
    });
  });
});
