import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEchoBot } from '../../src/channels/echo-bot';
import { siemIntakeRoute } from '../../src/channels/siem-intake/siem-intake-route';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { Database } from '../../src/db/database';
import { signWebhook } from '../../src/integrations';
import { PgReplayGuard } from '../../src/store/postgres/pg-replay-guard';
import { createCapturedLogger } from '../helpers/captured-logger';
import { httpRequest } from '../helpers/http-request';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { fakeSiemIntakeDeps, type FakeSiemIntakeDeps } from './fake-siem-intake-deps';

const SECRET = 'siem-secret-3f9a1c7e5b2d4f60a8c1e3b5d7f9a2c4';

/**
 * Two replicas' SIEM intakes on one database: a SIEM (or an attacker) sends the same signed bytes
 * to the other replica. The register behind both is one (as the alert register on PostgreSQL is).
 */
describe('SIEM replay guard across two replicas on one PostgreSQL', () => {
  let testDb: TestDatabase;
  let pools: Database[];
  let servers: RunningServer[];
  let dataDir: string;
  let deps: FakeSiemIntakeDeps;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-siem-replicas-'));
    deps = fakeSiemIntakeDeps();
    pools = [new Database(testDb.settings), new Database(testDb.settings)];
    servers = await Promise.all(
      pools.map((pool) =>
        startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_DATA_DIR: dataDir }), {
          createBot: async () => createEchoBot(),
          logger: createCapturedLogger().logger,
          routes: [
            siemIntakeRoute(
              { ...deps, replayGuard: (rememberMs) => new PgReplayGuard(pool, rememberMs) },
              { secret: SECRET },
            ),
          ],
        }),
      ),
    );
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const pool of pools) await pool.close();
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers the replay on the other replica with the first delivery’s ref, without running it again', async () => {
    const body = JSON.stringify({ alertId: '4711', terminal: 'PC-0815', system: 'PRD', priority: 'P2' });
    const headers = { 'Content-Type': 'application/json', ...signWebhook(SECRET, body, new Date()) };
    const send = (server: RunningServer) =>
      httpRequest(`${server.url}/api/alerts`, { method: 'POST', headers, body, timeoutMs: 5000 });
    const [a, b] = servers as [RunningServer, RunningServer];
    const first = await send(a);
    const replay = await send(b);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ status: 'registered' });
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual({ ref: (first.json as { ref: string }).ref, status: 'duplicate' });
    // The guard, not the register's idempotency, caught it: B never called the register.
    expect(deps.registered).toHaveLength(1);
    expect(deps.posts).toHaveLength(1);
  });
});
