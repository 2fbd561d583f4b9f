import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEchoBot } from '../../src/channels/echo-bot';
import { siemIntakeRoute } from '../../src/channels/siem-intake/siem-intake-route';
import { startServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { signWebhook } from '../../src/integrations';
import { createCapturedLogger } from '../helpers/captured-logger';
import { httpRequest } from '../helpers/http-request';
import { fakeSiemIntakeDeps } from './fake-siem-intake-deps';

const SECRET = 'siem-secret-3f9a1c7e5b2d4f60a8c1e3b5d7f9a2c4';

describe('POST /api/alerts and a graceful stop', () => {
  it('waits for a delivery in flight (registered, answered) before the server stops', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-siem-stop-'));
    const deps = fakeSiemIntakeDeps();
    const events: string[] = [];
    let finishRegistration: () => void = () => undefined;
    const register = deps.registerAlert.bind(deps);
    deps.registerAlert = async (facts, meta) => {
      events.push('registering');
      // The register is writing its file when the stop arrives.
      await new Promise<void>((resolve) => (finishRegistration = resolve));
      const answer = await register(facts, meta);
      events.push('registered');
      return answer;
    };
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SOCBOT_DATA_DIR: dataDir,
      SOCBOT_SHUTDOWN_GRACE_MS: '5000',
    });
    const server = await startServer(config, {
      createBot: async () => createEchoBot(),
      logger: createCapturedLogger().logger,
      routes: [siemIntakeRoute(deps, { secret: SECRET })],
    });
    try {
      const body = JSON.stringify({ alertId: '4711', terminal: 'PC-0815', system: 'PRD' });
      const delivery = httpRequest(`${server.url}/api/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...signWebhook(SECRET, body) },
        body,
        timeoutMs: 5000,
      }).catch((error: Error) => error);
      while (!events.includes('registering')) await new Promise((resolve) => setTimeout(resolve, 10));

      let stopped = false;
      const stopping = server.stop().then((result) => {
        stopped = true;
        events.push('stopped');
        return result;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stopped).toBe(false);

      // A new delivery meanwhile is refused, to be retried by the SIEM.
      const late = await httpRequest(`${server.url}/api/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...signWebhook(SECRET, body) },
        body,
      }).then(
        (res) => res.status,
        () => 'refused',
      );
      expect([503, 'refused']).toContain(late);

      finishRegistration();
      expect(await delivery).toMatchObject({
        status: 202,
        json: { ref: 'SOC-2026-0001', status: 'registered' },
      });
      expect(await stopping).toEqual({ drained: true });
      expect(events).toEqual(['registering', 'registered', 'stopped']);
      expect(deps.posts).toHaveLength(1);
    } finally {
      finishRegistration();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
