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
import { httpRequest } from '../helpers/http-request';

/**
 * Issue 12 items 4 and 5: /healthz said 200 ok while side effects had been given up for good and
 * while the outbox could not be read.
 */
describe('/healthz reports side effects and repairs', () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  let health: () => Promise<BotHealth>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-health-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_DATA_DIR: dataDir });
    server = await startServer(config, {
      createBot: async () => ({ ...createEchoBot(), health: () => health() }),
      logger: createLogger({ level: 'silent' }),
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

  it('is 503 with the reason when the outbox cannot be read', async () => {
    health = async () => {
      throw new Error('The data file /x/outbox.json cannot be read: Unexpected end of JSON input.');
    };
    const res = await httpRequest(`${server?.url}/healthz`);
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ status: 'unavailable' });
    expect((res.json as { reason: string }).reason).toContain('outbox.json cannot be read');
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
    });
  });
});
