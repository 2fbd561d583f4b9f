import { createTheHiveTicketing, THEHIVE_SEVERITY } from '../../src/integrations/ticketing/thehive-ticketing';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ALERT, ctx, TEST_TIMEOUT_MS } from './fixtures';
import { jsonBody } from './stand-ins/stand-in-server';
import { startTheHiveStandIn, type TheHiveStandIn } from './stand-ins/thehive-stand-in';

const API_KEY = 'hive-api-key-NEVER-LOGGED';

describe('TheHive 5 ticketing against an alert API stand-in', () => {
  let standIn: TheHiveStandIn;
  const log = createCapturedLogger('debug');
  const hive = (apiKey = API_KEY) =>
    createTheHiveTicketing({ url: standIn.url, apiKey, timeoutMs: TEST_TIMEOUT_MS, logger: log.logger });

  beforeEach(async () => {
    standIn = await startTheHiveStandIn(API_KEY);
  });
  afterEach(() => standIn.close());

  it('creates an alert with type, source, sourceRef = key, severity and observables', async () => {
    const ticket = await hive().createTicket(ALERT, ctx('ticket:SOC-2026-0001'));

    expect(ticket).toMatchObject({ provider: 'thehive', id: '~4096', existing: false });
    const create = standIn.requests.find((request) => request.url.pathname === '/api/v1/alert');
    expect(create?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const body = jsonBody(create);
    expect(body).toMatchObject({
      type: 'sap-etd',
      source: 'socbot',
      sourceRef: 'ticket:SOC-2026-0001',
      severity: THEHIVE_SEVERITY.P2,
    });
    expect(body.observables).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dataType: 'hostname', data: 'PC-0815' }),
        expect.objectContaining({ dataType: 'ip', data: '10.1.2.3' }),
        expect.objectContaining({ dataType: 'other', data: 'SAP user DDIC' }),
      ]),
    );
  });

  it('finds the alert a timed-out attempt created instead of creating it again', async () => {
    standIn.script({ when: (request) => request.url.pathname === '/api/v1/alert', handleThenHang: true });
    await expect(hive().createTicket(ALERT, ctx('k'))).rejects.toMatchObject({ kind: 'timeout' });
    await expect(hive().createTicket(ALERT, ctx('k'))).resolves.toMatchObject({
      id: '~4096',
      existing: true,
    });
    expect(standIn.alerts).toHaveLength(1);
  });

  it('treats "already exists" (a race the lookup missed) as success by fetching the alert', async () => {
    await hive().createTicket(ALERT, ctx('k'));
    // The next lookup misses (as if it ran before the other attempt's create landed).
    standIn.script({
      when: (request) => request.url.pathname === '/api/v1/query',
      answer: { status: 200, body: [] },
    });
    await expect(hive().createTicket(ALERT, ctx('k'))).resolves.toMatchObject({
      id: '~4096',
      existing: true,
    });
    const creates = standIn.requests.filter((request) => request.url.pathname === '/api/v1/alert');
    expect(creates).toHaveLength(2);
    expect(standIn.alerts).toHaveLength(1);
  });

  it('another 400 is final, with the reason', async () => {
    standIn.script({
      when: (request) => request.url.pathname === '/api/v1/alert',
      answer: { status: 400, body: { type: 'BadRequest', message: 'Invalid severity' } },
    });
    await expect(hive().createTicket(ALERT, ctx())).rejects.toMatchObject({
      kind: 'rejected',
      retryable: false,
    });
  });

  it('401 is final and names THEHIVE_API_KEY; 429, 500 and a hang are retryable', async () => {
    const auth = (await hive('bad-key-value-1')
      .createTicket(ALERT, ctx())
      .catch((e: unknown) => e)) as Error;
    expect(auth).toMatchObject({ kind: 'auth', retryable: false });
    expect(auth.message).toContain('THEHIVE_API_KEY');
    expect(auth.message).not.toContain('bad-key-value-1');

    standIn.script(
      { answer: { status: 429, headers: { 'Retry-After': '2' } } },
      { answer: { status: 500 } },
      { hang: true },
    );
    await expect(hive().createTicket(ALERT, ctx())).rejects.toMatchObject({
      retryable: true,
      retryAfterMs: 2000,
    });
    await expect(hive().createTicket(ALERT, ctx())).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
    });
    await expect(hive().createTicket(ALERT, ctx())).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(log.text()).not.toContain(API_KEY);
  });
});
