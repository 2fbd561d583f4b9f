import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEchoBot } from '../../src/channels/echo-bot';
import { siemIntakeRoute } from '../../src/channels/siem-intake/siem-intake-route';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { signWebhook } from '../../src/integrations';
import { createCapturedLogger, type CapturedLogger } from '../helpers/captured-logger';
import { httpRequest, type TestResponse } from '../helpers/http-request';
import { fakeSiemIntakeDeps, type FakeSiemIntakeDeps } from './fake-siem-intake-deps';

const SECRET = 'siem-secret-3f9a1c7e5b2d4f60a8c1e3b5d7f9a2c4';
const MAX_BODY = 64 * 1024;
const T0 = new Date('2026-11-22T07:00:00Z');

/** The server's clock: tests move it to check the replay window. */
let clock = T0;

async function startIntake(
  deps: FakeSiemIntakeDeps,
  secret: string | undefined,
): Promise<{ server: RunningServer; log: CapturedLogger; dataDir: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-siem-'));
  const log = createCapturedLogger('debug');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SOCBOT_DATA_DIR: dataDir });
  const server = await startServer(config, {
    createBot: async () => createEchoBot(),
    logger: log.logger,
    routes: [siemIntakeRoute(deps, { secret, maxBodyBytes: MAX_BODY, now: () => clock })],
  });
  return { server, log, dataDir };
}

function postAlert(
  url: string,
  body: string,
  headers: Record<string, string>,
  contentType = 'application/json',
): Promise<TestResponse> {
  return httpRequest(`${url}/api/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, ...headers },
    body,
    timeoutMs: 5000,
  });
}

/** Signs like a SIEM would, at `at` (default: the server's current time). */
function signed(body: string, at: Date = clock, secret = SECRET): Record<string, string> {
  return signWebhook(secret, body, at);
}

describe('POST /api/alerts (SIEM intake) with SIEM_WEBHOOK_SECRET', () => {
  let deps: FakeSiemIntakeDeps;
  let server: RunningServer;
  let log: CapturedLogger;
  let dataDir: string;

  beforeAll(async () => {
    deps = fakeSiemIntakeDeps();
    ({ server, log, dataDir } = await startIntake(deps, SECRET));
  });

  afterAll(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    // Nothing this suite sent or received may have put the secret into a log line.
    expect(log.text()).not.toContain(SECRET);
  });

  beforeEach(() => {
    clock = T0;
  });

  it('registers a signed alert, queues its card and answers 202 with the ref', async () => {
    const body = JSON.stringify({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'ddic',
      system: 'prd/100',
      ip: '10.20.30.40',
      priority: 'high',
      title: 'Debugging in production',
      source: 'splunk',
      somethingElse: { ignored: true },
    });
    const res = await postAlert(server.url, body, signed(body));
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ ref: 'SOC-2026-0001', status: 'registered' });
    expect(deps.registered).toHaveLength(1);
    expect(deps.registered[0]).toMatchObject({
      idempotencyKey: 'siem:splunk:4711',
      facts: {
        alertId: '4711',
        terminal: 'PC-0815',
        username: 'DDIC',
        system: 'PRD',
        client: '100',
        ip: '10.20.30.40',
        priority: 'P2',
        title: 'Debugging in production',
        source: 'splunk',
      },
    });
    expect(deps.registered[0]?.facts).not.toHaveProperty('somethingElse');
    const post = deps.posts.at(-1);
    expect(post).toMatchObject({ ref: 'SOC-2026-0001', idempotencyKey: 'siem-card:SOC-2026-0001' });
    expect(post?.card.actions).toEqual([
      expect.objectContaining({
        type: 'Action.Submit',
        title: 'Inform Basis and block',
        data: { action: 'alert.inform', ref: 'SOC-2026-0001' },
      }),
      expect.objectContaining({
        type: 'Action.Submit',
        title: 'False positive',
        data: { action: 'alert.false-positive', ref: 'SOC-2026-0001' },
      }),
      expect.objectContaining({
        type: 'Action.Submit',
        title: 'Investigate',
        data: { action: 'alert.investigate', ref: 'SOC-2026-0001' },
      }),
    ]);
    expect(deps.audits.at(-1)).toMatchObject({
      actor: { id: 'system', name: 'siem' },
      action: 'command',
      alertRef: 'SOC-2026-0001',
      result: 'registered SOC-2026-0001',
    });
  });

  it('accepts SAP ETD field names and maps them', async () => {
    const body = JSON.stringify({
      AlertId: 2888,
      PatternName: 'Blacklisted function modules',
      Severity: 'VERY_HIGH',
      NetworkHostnameInitiator: 'fin-ws-119',
      NetworkIPAddressInitiator: '10.1.2.3',
      UserAccountActing: 'j.doe',
      SystemIdActor: 'S4H',
      Text: 'Measurement 1 reached threshold 1',
    });
    const res = await postAlert(server.url, body, signed(body));
    expect(res.status).toBe(202);
    expect(deps.registered.at(-1)).toMatchObject({
      idempotencyKey: 'siem:sap-etd:2888',
      facts: {
        alertId: '2888',
        title: 'Blacklisted function modules',
        priority: 'P1',
        terminal: 'fin-ws-119',
        ip: '10.1.2.3',
        username: 'J.DOE',
        system: 'S4H',
        description: 'Measurement 1 reached threshold 1',
        source: 'sap-etd',
      },
    });
  });

  it('answers a SIEM retry of the same alert (new timestamp) with the same ref, registered once', async () => {
    const body = JSON.stringify({ alertId: 'ETD-2026-0042', system: 'PRD' });
    const first = await postAlert(server.url, body, signed(body));
    expect(first.status).toBe(202);
    const ref = (first.json as { ref: string }).ref;

    clock = new Date(T0.getTime() + 30_000);
    const retry = await postAlert(server.url, body, signed(body));
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual({ ref, status: 'duplicate' });
    const created = deps.registered.filter((r) => r.idempotencyKey === 'siem:siem:ETD-2026-0042');
    expect(created.map((r) => r.answer)).toEqual([
      { ref, created: true },
      { ref, created: false },
    ]);
    // The card is queued again under the same key: the outbox keeps it to one card.
    const cards = deps.posts.filter((p) => p.ref === ref);
    expect(new Set(cards.map((p) => p.idempotencyKey))).toEqual(new Set([`siem-card:${ref}`]));
  });

  it('answers an exact replay inside the window from memory without registering again', async () => {
    const body = JSON.stringify({ alertId: '5001', terminal: 'PC-1' });
    const headers = signed(body);
    const first = await postAlert(server.url, body, headers);
    expect(first.status).toBe(202);
    const calls = deps.registered.length;
    const posts = deps.posts.length;

    clock = new Date(T0.getTime() + 60_000);
    const replay = await postAlert(server.url, body, headers);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual({ ref: (first.json as { ref: string }).ref, status: 'duplicate' });
    expect(deps.registered).toHaveLength(calls);
    expect(deps.posts).toHaveLength(posts);
  });

  it('refuses the same replay once the window has passed (401, stale)', async () => {
    const body = JSON.stringify({ alertId: '5002' });
    const headers = signed(body);
    expect((await postAlert(server.url, body, headers)).status).toBe(202);
    const calls = deps.registered.length;
    clock = new Date(T0.getTime() + 301_000);
    const replay = await postAlert(server.url, body, headers);
    expect(replay.status).toBe(401);
    expect((replay.json as { message: string }).message).toMatch(/301 s old.*replay/);
    expect(deps.registered).toHaveLength(calls);
  });

  it.each([
    ['no headers', {}, /X-Socbot-Timestamp is missing/],
    ['no signature', { 'X-Socbot-Timestamp': String(T0.getTime() / 1000) }, /X-Socbot-Signature is missing/],
    ['no timestamp', { 'X-Socbot-Signature': 'sha256=00' }, /X-Socbot-Timestamp is missing/],
    [
      'a timestamp that is not a number',
      { 'X-Socbot-Timestamp': '2026-11-22T07:00:00Z', 'X-Socbot-Signature': 'sha256=00' },
      /whole seconds/,
    ],
  ])('refuses %s with 401 and says what is missing', async (_name, headers, message) => {
    const calls = deps.registered.length;
    const res = await postAlert(server.url, JSON.stringify({ alertId: '6001' }), headers);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ code: 'UNAUTHORIZED', message: expect.stringMatching(message) });
    expect(deps.registered).toHaveLength(calls);
  });

  it('refuses a wrong signature with 401 without revealing the expected one', async () => {
    const body = JSON.stringify({ alertId: '6002' });
    const wrong = signed(body, clock, 'not-the-secret-at-all-0123456789');
    const res = await postAlert(server.url, body, wrong);
    expect(res.status).toBe(401);
    expect((res.json as { message: string }).message).toMatch(/does not match the body/);
    const expected = signed(body)['X-Socbot-Signature'] ?? '';
    expect(res.text).not.toContain(expected.slice('sha256='.length));
    expect(res.text).not.toContain(SECRET);
  });

  it('refuses a body changed after signing (401)', async () => {
    const body = JSON.stringify({ alertId: '6003', priority: 'P4' });
    const headers = signed(body);
    const res = await postAlert(server.url, body.replace('P4', 'P1'), headers);
    expect(res.status).toBe(401);
  });

  it.each([
    ['stale', -301, /301 s old/],
    ['future', +301, /301 s in the future/],
  ])('refuses a %s timestamp beyond 300 s with 401', async (_name, offsetSeconds, message) => {
    const body = JSON.stringify({ alertId: '6004' });
    const res = await postAlert(
      server.url,
      body,
      signed(body, new Date(T0.getTime() + offsetSeconds * 1000)),
    );
    expect(res.status).toBe(401);
    expect((res.json as { message: string }).message).toMatch(message);
  });

  it('accepts a timestamp within the window (299 s old)', async () => {
    const body = JSON.stringify({ alertId: '6005' });
    const res = await postAlert(server.url, body, signed(body, new Date(T0.getTime() - 299_000)));
    expect(res.status).toBe(202);
  });

  it('refuses a body over 64 KB with 413, by Content-Length and while streaming', async () => {
    const body = JSON.stringify({ alertId: '7001', description: 'x'.repeat(100 * 1024) });
    const declared = await postAlert(server.url, body, signed(body));
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ code: 'INPUT_TOO_LARGE' });
    const streamed = await httpRequest(`${server.url}/api/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signed(body) },
      body,
      chunked: true,
      timeoutMs: 5000,
    });
    expect(streamed.status).toBe(413);
  });

  it('refuses a signed body that is not JSON with 400', async () => {
    const body = '{"alertId": "7002",';
    const res = await postAlert(server.url, body, signed(body));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 'INPUT_INVALID', message: expect.stringMatching(/not JSON/) });
  });

  it('refuses a non-JSON Content-Type with 415', async () => {
    const body = 'alertId=7003';
    const res = await postAlert(server.url, body, signed(body), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
  });

  it.each([
    ['a missing alertId', { terminal: 'PC-0815' }, 'alertId'],
    ['a JSON array', [{ alertId: '1' }], '(body)'],
    ['a user ID with spaces', { alertId: '7004', username: 'not a user' }, 'username'],
    ['a system that is not a SID', { alertId: '7005', system: 'PRODUCTION' }, 'system'],
    ['an IP that is not one', { alertId: '7006', ip: '999.1.1.1' }, 'ip'],
    ['a number as terminal', { alertId: '7007', terminal: 42 }, 'terminal'],
    ['an unknown priority', { alertId: '7008', priority: 'whenever' }, 'priority'],
    [
      'an ETD alert with a bad host',
      { AlertId: '7009', NetworkHostnameInitiator: 'a b' },
      'NetworkHostnameInitiator',
    ],
  ])('refuses %s with 400 naming the field', async (_name, alert, field) => {
    const calls = deps.registered.length;
    const body = JSON.stringify(alert);
    const res = await postAlert(server.url, body, signed(body));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 'INPUT_INVALID', message: expect.stringContaining(`"${field}"`) });
    expect(deps.registered).toHaveLength(calls);
    expect(deps.audits.at(-1)).toMatchObject({ action: 'refusal', details: { field } });
  });

  it.each([
    ['quotes and a JSON fragment', 'PC-0815", "admin": true, "x": "'],
    ['HTML', '<script>alert(1)</script>'],
    ['a closing object', '"},{"alertId":"evil'],
    ['CRLF', 'PC-0815\r\nX-Injected: 1'],
    ['a very long value', 'A'.repeat(20_000)],
  ])('refuses %s as a terminal without registering anything', async (_name, terminal) => {
    const calls = deps.registered.length;
    const body = JSON.stringify({ alertId: '8001', terminal });
    const res = await postAlert(server.url, body, signed(body));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'INPUT_INVALID' });
    expect(res.text.length).toBeLessThan(1000);
    expect(deps.registered).toHaveLength(calls);
  });

  it('keeps hostile free text as bounded, single-line, markdown-escaped data on the card', async () => {
    const title =
      '[click](https://evil.example) <script>x</script> "},{"a":"\r\nX-Injected: 1' + 'T'.repeat(1000);
    const description = `line 1\r\n${'<b>"},{"'.repeat(1000)}`;
    const body = JSON.stringify({ alertId: '8002', title, description });
    const res = await postAlert(server.url, body, signed(body));
    expect(res.status).toBe(202);
    const facts = deps.registered.at(-1)?.facts;
    expect(facts?.title?.length).toBeLessThanOrEqual(256);
    expect(facts?.title).not.toMatch(/[\r\n]/);
    expect(facts?.description?.length).toBeLessThanOrEqual(4000);
    expect(facts?.description?.startsWith('line 1\n<b>"},{"')).toBe(true);
    const post = deps.posts.at(-1);
    const serialized = JSON.stringify(post?.card);
    // Serialized once, the hostile quotes stay inside their strings: the card parses back whole.
    expect(JSON.parse(serialized)).toEqual(post?.card);
    expect(serialized).toContain('\\\\[click\\\\]\\\\(https://evil.example\\\\)');
    expect(post?.text).not.toMatch(/[\r]/);
  });

  it('answers 503 and keeps nothing when registering fails, then registers on the retry', async () => {
    const body = JSON.stringify({ alertId: '9001' });
    deps.failNextRegistration();
    const failed = await postAlert(server.url, body, signed(body));
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('5');
    const retry = await postAlert(server.url, body, signed(body));
    expect(retry.status).toBe(202);
  });

  it('never logs the secret, the signature or the body', async () => {
    const body = JSON.stringify({ alertId: '9002', description: 'confidential-pattern-text' });
    const headers = signed(body);
    expect((await postAlert(server.url, body, headers)).status).toBe(202);
    await postAlert(server.url, body, { ...headers, 'X-Socbot-Signature': `sha256=${'0'.repeat(64)}` });
    const hmac = createHmac('sha256', SECRET)
      .update(`${headers['X-Socbot-Timestamp']}.${body}`)
      .digest('hex');
    const text = log.text();
    expect(text).toContain('SIEM alert accepted');
    expect(text).toContain('not authenticated');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(hmac);
    expect(text).not.toContain('confidential-pattern-text');
  });
});

describe('POST /api/alerts without SIEM_WEBHOOK_SECRET', () => {
  it('answers 503 and says how to enable it, even for a signed alert', async () => {
    const deps = fakeSiemIntakeDeps();
    const { server, log, dataDir } = await startIntake(deps, undefined);
    try {
      const body = JSON.stringify({ alertId: '4711' });
      const res = await postAlert(server.url, body, signed(body, clock, ''));
      expect(res.status).toBe(503);
      expect(res.json).toEqual({
        code: 'UNAVAILABLE',
        message: expect.stringContaining('set SIEM_WEBHOOK_SECRET to enable the intake'),
      });
      expect(deps.registered).toHaveLength(0);
      expect(log.text()).toContain('SIEM intake (POST /api/alerts) is off');
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
