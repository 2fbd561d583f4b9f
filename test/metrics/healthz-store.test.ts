import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SocbotApp } from '../../src/app/create-app';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import type { ConfigOverrides } from '../helpers/test-config';
import { testConfig } from '../helpers/test-config';
import { createCapturedLogger, type CapturedLogger } from '../helpers/captured-logger';
import { httpRequest } from '../helpers/http-request';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { valueOf } from './prometheus-text';
import { Database } from '../../src/db/database';
import { watchStoreHealth } from '../../src/store/store-health';

const DOWN_PASSWORD = 'pg-password-never-shown';
/** Nothing listens on port 1: a database that is down. */
const DOWN_URL = `postgres://socbot:${DOWN_PASSWORD}@127.0.0.1:1/socbot`;

/** /healthz's `store` on the data directory, on a real PostgreSQL, and on one that does not answer. */
describe('/healthz reports the store', () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  let db: TestDatabase | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-healthz-store-'));
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await db?.drop();
    db = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The app behind a server whose bot answers nothing: /healthz is what is looked at. */
  async function serve(
    overrides: ConfigOverrides,
    options: { start: boolean },
  ): Promise<{ app: SocbotApp; log: CapturedLogger; url: string }> {
    const log = createCapturedLogger('info', [DOWN_PASSWORD]);
    const config = testConfig({ dataDir, ...overrides });
    const app = createApp({ config, logger: log.logger });
    if (options.start) await app.start();
    server = await startServer(config, {
      logger: log.logger,
      createBot: async () => ({
        run: async () => undefined,
        close: () => app.stop(),
        health: () => app.health(),
      }),
    });
    return { app, log, url: server.url };
  }

  it('files: { kind: "files" }, status ok', async () => {
    const { url } = await serve({}, { start: true });
    const res = await httpRequest(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', store: { kind: 'files' } });
  });

  it('PostgreSQL that answers: ok with its round trip, and the statements in the store latency', async () => {
    db = await createTestDatabase();
    const { url, app } = await serve({ database: db.settings }, { start: true });
    const res = await httpRequest(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'ok',
      store: { kind: 'postgres', ok: true, latencyMs: expect.any(Number) },
    });
    const { body } = await app.metrics.render();
    // At least the ping of /healthz went through the app's pool.
    expect(
      valueOf(body, 'socbot_store_query_duration_seconds_count', { backend: 'postgres', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('PostgreSQL that is down: degraded, without the URL or its password, the reason in the log once', async () => {
    const { url, app, log } = await serve({ database: { url: DOWN_URL, poolSize: 2 } }, { start: false });
    for (let poll = 0; poll < 2; poll += 1) {
      const res = await httpRequest(`${url}/healthz`);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        status: 'degraded',
        reason: expect.stringContaining('The shared database (SOCBOT_DATABASE_URL) does not answer'),
        store: { kind: 'postgres', ok: false },
      });
      expect(res.text).not.toContain(DOWN_PASSWORD);
      expect(res.text).not.toContain('127.0.0.1:1');
    }
    const downLines = log.lines().filter((line) => String(line.msg).includes('does not answer'));
    expect(downLines).toHaveLength(1);
    expect(String(downLines[0]?.reason)).toContain('cannot be reached');
    expect(log.text()).not.toContain(DOWN_PASSWORD);
    const { body } = await app.metrics.render();
    expect(
      valueOf(body, 'socbot_store_query_duration_seconds_count', { backend: 'postgres', outcome: 'error' }),
    ).toBe(2);
  });

  it('PostgreSQL that takes the connection and never answers: not ok after the bound, not after the pool gives up', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const database = new Database({
      url: `postgres://socbot:${DOWN_PASSWORD}@127.0.0.1:${port}/socbot`,
      poolSize: 2,
    });
    const log = createCapturedLogger();
    try {
      const health = watchStoreHealth(
        { kind: 'postgres', db: database, replicaId: 'r1', dataDir },
        log.logger,
        200,
      );
      const started = Date.now();
      expect(await health()).toEqual({ kind: 'postgres', ok: false });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(log.lines()).toEqual([
        expect.objectContaining({ reason: 'no answer to SELECT 1 within 200 ms' }),
      ]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await database.close();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
