import { createHttpClient } from '../../src/integrations/http-client';
import { IntegrationError, isRetryableIntegrationError } from '../../src/integrations/integration-error';
import { parseRetryAfter } from '../../src/integrations/retry-after';
import { safeUrl } from '../../src/integrations/safe-url';
import { createCapturedLogger } from '../helpers/captured-logger';
import { TEST_TIMEOUT_MS } from './fixtures';
import { closedPort, startStandIn, type StandIn } from './stand-ins/stand-in-server';

const SECRET = 'client-secret-NEVER-SHOWN';

describe('the HTTP client behind every provider', () => {
  let standIn: StandIn;
  const log = createCapturedLogger('debug');
  const client = (baseUrl = standIn.url) =>
    createHttpClient({
      service: 'test-api',
      baseUrl,
      timeoutMs: TEST_TIMEOUT_MS,
      headers: { Authorization: `Bearer ${SECRET}` },
      secrets: [SECRET],
      authFixHint: 'check TEST_TOKEN',
      logger: log.logger,
    });
  const signal = () => new AbortController().signal;
  const get = (baseUrl?: string) =>
    client(baseUrl).request({ method: 'GET', path: '/thing' }, { signal: signal() });

  beforeEach(async () => {
    standIn = await startStandIn(() => ({ status: 200, body: { ok: true } }));
  });
  afterEach(() => standIn.close());

  it('returns parsed JSON of a 2xx answer', async () => {
    await expect(get()).resolves.toMatchObject({ status: 200, data: { ok: true } });
  });

  it.each([
    [401, 'auth', false],
    [403, 'auth', false],
    [400, 'rejected', false],
    [404, 'rejected', false],
    [422, 'rejected', false],
    [408, 'unavailable', true],
    [429, 'rate-limited', true],
    [500, 'unavailable', true],
    [502, 'unavailable', true],
    [503, 'unavailable', true],
    [302, 'rejected', false],
  ])('maps %i to kind %s, retryable %s', async (status, kind, retryable) => {
    standIn.script({
      answer: { status, headers: status === 302 ? { Location: 'http://127.0.0.1:1/elsewhere' } : {} },
    });
    const error = await get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ code: 'INTEGRATION_FAILED', service: 'test-api', kind, retryable, status });
    expect(isRetryableIntegrationError(error)).toBe(retryable);
  });

  it('puts the fix-it hint into 401/403 messages', async () => {
    standIn.script({ answer: { status: 403 } });
    await expect(get()).rejects.toThrow(/check TEST_TOKEN/);
  });

  it('reads Retry-After as seconds or as an HTTP date', async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    standIn.script({ answer: { status: 503, headers: { 'Retry-After': inTwoMinutes } } });
    const error = (await get().catch((e: unknown) => e)) as IntegrationError;
    expect(error.retryAfterMs).toBeGreaterThan(110_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('999999999')).toBe(3_600_000);
  });

  it('a 429 without Retry-After is retryable with no wait given', async () => {
    standIn.script({ answer: { status: 429 } });
    const error = (await get().catch((e: unknown) => e)) as IntegrationError;
    expect(error).toMatchObject({ retryable: true });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('connection refused is retryable (network)', async () => {
    const port = await closedPort();
    await expect(get(`http://127.0.0.1:${port}`)).rejects.toMatchObject({ kind: 'network', retryable: true });
  });

  it('times out a hanging server as retryable within the deadline', async () => {
    standIn.script({ hang: true });
    const started = Date.now();
    await expect(get()).rejects.toMatchObject({ kind: 'timeout', retryable: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(TEST_TIMEOUT_MS - 20);
    expect(Date.now() - started).toBeLessThan(TEST_TIMEOUT_MS + 2000);
  });

  it("stops at once when the caller's signal fires, as kind aborted", async () => {
    standIn.script({ hang: true });
    const controller = new AbortController();
    const pending = client().request({ method: 'GET', path: '/x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', retryable: true });
  });

  it('does not follow redirects (they could carry the credentials elsewhere)', async () => {
    standIn.script({ answer: { status: 307, headers: { Location: `${standIn.url}/other` } } });
    await expect(get()).rejects.toMatchObject({ kind: 'rejected', status: 307 });
    expect(standIn.requests).toHaveLength(1);
  });

  it('sends the body as the JSON serializer wrote it, and signBody sees those exact bytes', async () => {
    let signed = '';
    const body = { text: '"},{"x":1}', nested: { list: [1, 'two'] } };
    await client().request(
      { method: 'POST', path: '/p', body, signBody: (text) => ((signed = text), { 'X-Sig': 'yes' }) },
      { signal: signal() },
    );
    const received = standIn.requests[0]!;
    expect(received.body).toBe(JSON.stringify(body));
    expect(signed).toBe(received.body);
    expect(received.headers['x-sig']).toBe('yes');
    expect(received.headers['content-type']).toBe('application/json');
  });

  it('keeps credentials in the URL, the query and secrets echoed by the service out of messages and logs', async () => {
    const withCredentials = standIn.url.replace('http://', 'http://admin:url-password-1@');
    standIn.script({ answer: { status: 500, body: { error: `bad token ${SECRET}` } } });
    const error = (await client(`${withCredentials}/base?apikey=query-secret-2`)
      .request({ method: 'GET', path: '/x' }, { signal: signal() })
      .catch((e: unknown) => e)) as IntegrationError;
    // The service's words are for the log (scrubbed); the message people read does not quote them.
    expect(error.message).not.toContain('bad token');
    expect(error.serviceAnswer).toContain('bad token [redacted]');
    expect(log.text()).toContain('bad token [redacted]');
    for (const text of [error.message, error.serviceAnswer ?? '', JSON.stringify(error), log.text()]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('url-password-1');
      expect(text).not.toContain('query-secret-2');
    }
    expect(safeUrl('https://u:p@host:8443/a/b?c=d#e')).toBe('https://host:8443/a/b');
  });

  it('an IntegrationError logged whole (pino err serializer) carries no request headers', async () => {
    standIn.script({ answer: { status: 401 } });
    const error = await get().catch((e: unknown) => e);
    log.logger.error({ err: error }, 'call failed');
    expect(log.text()).not.toContain(SECRET);
    expect(log.text()).not.toMatch(/Bearer/);
  });
});
