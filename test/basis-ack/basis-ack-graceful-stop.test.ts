import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BasisAckDeps, BasisAckOutcome } from '../../src/channels/basis-ack/basis-ack-deps';
import { basisAckRoute } from '../../src/channels/basis-ack/basis-ack-route';
import { createEchoBot } from '../../src/channels/echo-bot';
import { startServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { ackUrl } from '../../src/integrations';
import { createCapturedLogger } from '../helpers/captured-logger';
import { httpRequest } from '../helpers/http-request';

const SECRET = 'basis-ack-secret-7c2e9a4b1d6f8e03a5c7b9d1f3e5a7c9';
const REF = 'SOC-2026-0001';

describe('/api/basis/ack and a graceful stop', () => {
  it('waits for an acknowledgement being recorded before the server stops', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-ack-stop-'));
    const events: string[] = [];
    let finishRecording: () => void = () => undefined;
    const deps: BasisAckDeps = {
      async acknowledge(): Promise<BasisAckOutcome> {
        events.push('recording');
        // The request log is being written when the stop arrives.
        await new Promise<void>((resolve) => (finishRecording = resolve));
        events.push('recorded');
        return { status: 'acknowledged' };
      },
      async audit() {
        events.push('audited');
      },
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
      routes: [basisAckRoute(deps, { secret: SECRET, maxRequestsPerMinute: 1000 })],
    });
    const press = (): ReturnType<typeof httpRequest> =>
      httpRequest(ackUrl(server.url, REF, SECRET), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: '',
        timeoutMs: 5000,
      });
    try {
      const inFlight = press().catch((error: Error) => error);
      while (!events.includes('recording')) await new Promise((resolve) => setTimeout(resolve, 10));

      let stopped = false;
      const stopping = server.stop().then((result) => {
        stopped = true;
        events.push('stopped');
        return result;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stopped).toBe(false);
      expect([503, 'refused']).toContain(
        await press().then(
          (res) => res.status,
          () => 'refused',
        ),
      );

      finishRecording();
      expect(await inFlight).toMatchObject({ status: 200, text: expect.stringContaining('Acknowledged') });
      expect(await stopping).toEqual({ drained: true });
      expect(events).toEqual(['recording', 'recorded', 'audited', 'stopped']);
    } finally {
      finishRecording();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
