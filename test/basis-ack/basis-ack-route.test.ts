import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditRecord } from '../../src/audit/audit-entry';
import type { BasisAckDeps, BasisAckOutcome, BasisAckVia } from '../../src/channels/basis-ack/basis-ack-deps';
import { basisAckRoute } from '../../src/channels/basis-ack/basis-ack-route';
import { createEchoBot } from '../../src/channels/echo-bot';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { ackUrl, createAckToken } from '../../src/integrations';
import { createCapturedLogger, type CapturedLogger } from '../helpers/captured-logger';
import { httpRequest } from '../helpers/http-request';

const SECRET = 'basis-ack-secret-7c2e9a4b1d6f8e03a5c7b9d1f3e5a7c9';
const KNOWN_REF = 'SOC-2026-0001';

/** BasisAckDeps in memory: one known alert, acknowledged at most once. */
function fakeDeps(knownRefs: string[]) {
  const acknowledged = new Set<string>();
  const calls: Array<{ ref: string; how: BasisAckVia }> = [];
  const audits: AuditRecord[] = [];
  const deps: BasisAckDeps = {
    async acknowledge(ref, how): Promise<BasisAckOutcome> {
      calls.push({ ref, how });
      if (!knownRefs.includes(ref)) return { status: 'not-found' };
      if (acknowledged.has(ref)) return { status: 'already-acknowledged' };
      acknowledged.add(ref);
      return { status: 'acknowledged' };
    },
    async audit(entry) {
      audits.push(entry);
    },
  };
  return { deps, calls, audits, acknowledged };
}

async function start(
  deps: BasisAckDeps,
  options: { secret: string | undefined; maxRequestsPerMinute?: number },
): Promise<{ server: RunningServer; log: CapturedLogger; dataDir: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-ack-'));
  const log = createCapturedLogger();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_DATA_DIR: dataDir });
  const server = await startServer(config, {
    createBot: async () => createEchoBot(),
    logger: log.logger,
    routes: [basisAckRoute(deps, options)],
  });
  return { server, log, dataDir };
}

const get = (url: string) => httpRequest(url, { timeoutMs: 5000 });
const post = (url: string) =>
  httpRequest(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: '',
    timeoutMs: 5000,
  });

describe('/api/basis/ack with BASIS_ACK_SECRET', () => {
  let server: RunningServer;
  let log: CapturedLogger;
  let dataDir: string;
  let fake: ReturnType<typeof fakeDeps>;

  beforeAll(async () => {
    fake = fakeDeps([KNOWN_REF, 'SOC-<b>"x"</b>']);
    ({ server, log, dataDir } = await start(fake.deps, { secret: SECRET, maxRequestsPerMinute: 1000 }));
  });

  afterAll(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    // The request log drops the query: no token (and no secret) in any line.
    expect(log.text()).not.toContain(createAckToken(KNOWN_REF, SECRET));
    expect(log.text()).not.toContain(SECRET);
  });

  it('GET shows a confirmation page with a POST button and acknowledges nothing', async () => {
    const res = await get(ackUrl(server.url, KNOWN_REF, SECRET));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.text).toContain(`<form method="post" action="?ref=${KNOWN_REF}&amp;token=`);
    expect(res.text).toContain(`Acknowledge ${KNOWN_REF}</button>`);
    expect(fake.calls).toHaveLength(0);
  });

  it('POST with a valid token acknowledges once; a second POST says it was already done', async () => {
    const url = ackUrl(server.url, KNOWN_REF, SECRET);
    const first = await post(url);
    expect(first.status).toBe(200);
    expect(first.text).toContain(`Acknowledged ${KNOWN_REF}, the SOC analyst has been told.`);
    expect(fake.calls).toEqual([{ ref: KNOWN_REF, how: { via: 'link', ip: expect.any(String) } }]);
    expect(fake.acknowledged.has(KNOWN_REF)).toBe(true);
    expect(fake.audits.at(-1)).toMatchObject({
      action: 'acknowledgement',
      alertRef: KNOWN_REF,
      result: 'acknowledged',
    });

    const second = await post(url);
    expect(second.status).toBe(200);
    expect(second.text).toContain('was already acknowledged');
    expect(fake.audits.at(-1)).toMatchObject({ result: 'already-acknowledged' });
  });

  it.each([
    ['a wrong token', `ref=${KNOWN_REF}&token=${'A'.repeat(43)}`],
    ['the token of another alert', `ref=${KNOWN_REF}&token=${createAckToken('SOC-2026-0002', SECRET)}`],
    [
      'a token made with another secret',
      `ref=${KNOWN_REF}&token=${createAckToken(KNOWN_REF, 'other-secret')}`,
    ],
  ])('refuses %s with 401 on GET and POST, acknowledging nothing', async (_name, query) => {
    const calls = fake.calls.length;
    for (const res of [
      await get(`${server.url}/api/basis/ack?${query}`),
      await post(`${server.url}/api/basis/ack?${query}`),
    ]) {
      expect(res.status).toBe(401);
      expect(res.text).toContain('This acknowledge link is not valid');
      expect(res.text).not.toContain('<form');
    }
    expect(fake.calls).toHaveLength(calls);
  });

  it.each([
    ['no token', `ref=${KNOWN_REF}`],
    ['no ref', 'token=abc'],
    ['a ref with a line break', `ref=SOC%0d%0aX&token=abc`],
    ['a very long ref', `ref=${'S'.repeat(5000)}&token=abc`],
  ])('answers an incomplete link (%s) with 400', async (_name, query) => {
    const res = await get(`${server.url}/api/basis/ack?${query}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('needs ref and token');
  });

  it('answers 404 for a valid link to an alert this socbot does not have', async () => {
    const res = await post(ackUrl(server.url, 'SOC-2020-9999', SECRET));
    expect(res.status).toBe(404);
    expect(res.text).toContain('socbot has no alert SOC-2020-9999');
    expect(fake.audits.at(-1)).toMatchObject({ action: 'refusal', result: 'not-found' });
  });

  it('escapes the ref in every page', async () => {
    const hostile = 'SOC-<b>"x"</b>';
    const page = await get(ackUrl(server.url, hostile, SECRET));
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<b>');
    expect(page.text).toContain('SOC-&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    // In the form's action the ref is URL-encoded, so no quote can end the attribute.
    expect(page.text).toContain('action="?ref=SOC-%3Cb%3E%22x%22%3C%2Fb%3E&amp;token=');
    const done = await post(ackUrl(server.url, hostile, SECRET));
    expect(done.status).toBe(200);
    expect(done.text).toContain('Acknowledged SOC-&lt;b&gt;&quot;x&quot;&lt;/b&gt;, the SOC analyst');
    expect(done.text).not.toContain('<b>');
  });

  it('refuses a POST body larger than a form with 413', async () => {
    const res = await httpRequest(ackUrl(server.url, KNOWN_REF, SECRET), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'x'.repeat(10_000),
      timeoutMs: 5000,
    });
    expect(res.status).toBe(413);
  });
});

describe('/api/basis/ack limits and configuration', () => {
  it('answers 429 with Retry-After past the per-IP limit', async () => {
    const fake = fakeDeps([KNOWN_REF]);
    const { server, dataDir } = await start(fake.deps, { secret: SECRET, maxRequestsPerMinute: 3 });
    try {
      const url = ackUrl(server.url, KNOWN_REF, SECRET);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await get(url)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await post(url);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(fake.calls).toHaveLength(0);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('answers 503 without BASIS_ACK_SECRET and acknowledges nothing', async () => {
    const fake = fakeDeps([KNOWN_REF]);
    const { server, dataDir } = await start(fake.deps, { secret: undefined });
    try {
      const res = await post(ackUrl(server.url, KNOWN_REF, ''));
      expect(res.status).toBe(503);
      expect(res.text).toContain('BASIS_ACK_SECRET');
      expect(fake.calls).toHaveLength(0);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
