import { mkdtemp, rm } from 'node:fs/promises';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditRecord } from '../../src/audit/audit-entry';
import type { BasisAckDeps } from '../../src/channels/basis-ack/basis-ack-deps';
import { basisAckRoute } from '../../src/channels/basis-ack/basis-ack-route';
import { createEchoBot } from '../../src/channels/echo-bot';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { ackUrl } from '../../src/integrations';
import { createCapturedLogger } from '../helpers/captured-logger';
import { httpRequest } from '../helpers/http-request';

const SECRET = 'basis-ack-secret-7c2e9a4b1d6f8e03a5c7b9d1f3e5a7c9';
const REF = 'SOC-2026-0001';
const ISSUED = new Date('2026-12-01T08:00:00Z');

describe('/api/basis/ack: an expired link', () => {
  let server: RunningServer;
  let dataDir: string;
  let clock = ISSUED;
  const audits: AuditRecord[] = [];
  const acknowledged: string[] = [];

  beforeAll(async () => {
    const deps: BasisAckDeps = {
      async acknowledge(ref) {
        acknowledged.push(ref);
        return { status: 'acknowledged' };
      },
      async audit(entry) {
        audits.push(entry);
      },
    };
    dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-ack-expired-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_DATA_DIR: dataDir });
    server = await startServer(config, {
      createBot: async () => createEchoBot(),
      logger: createCapturedLogger().logger,
      routes: [
        basisAckRoute(deps, { secret: SECRET, ttlHours: 24, now: () => clock, maxRequestsPerMinute: 1000 }),
      ],
    });
  });
  afterAll(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = (url: string) =>
    httpRequest(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
      timeoutMs: 5000,
    });

  it('within its lifetime the link acknowledges', async () => {
    clock = new Date(ISSUED.getTime() + 23 * 3600_000);
    const res = await post(ackUrl(server.url, REF, SECRET, ISSUED));
    expect(res.status).toBe(200);
    expect(acknowledged).toEqual([REF]);
  });

  it.each([
    ['a link past BASIS_ACK_TTL_HOURS', () => ackUrl(server.url, REF, SECRET, ISSUED)],
    [
      'an old-format link (no issue time)',
      () =>
        `${server.url}/api/basis/ack?ref=${REF}&token=${createHmac('sha256', SECRET).update(`basis.ack:${REF}`).digest('base64url')}`,
    ],
  ])(
    '%s answers 410 with what to do, acknowledges nothing, and the refusal is audited',
    async (_name, link) => {
      clock = new Date(ISSUED.getTime() + 25 * 3600_000);
      acknowledged.length = 0;
      const before = audits.length;
      for (const res of [await httpRequest(link(), { timeoutMs: 5000 }), await post(link())]) {
        expect(res.status).toBe(410);
        expect(res.text).toContain('This acknowledge link has expired');
        expect(res.text).toMatch(/acknowledge in (Teams|chat)/i);
        expect(res.text).toMatch(/ask the SOC/i);
        expect(res.text).not.toContain('<form');
      }
      expect(acknowledged).toEqual([]);
      expect(audits.slice(before)).toEqual([
        expect.objectContaining({ action: 'refusal', alertRef: REF, result: 'expired link' }),
        expect.objectContaining({ action: 'refusal', alertRef: REF, result: 'expired link' }),
      ]);
    },
  );
});
