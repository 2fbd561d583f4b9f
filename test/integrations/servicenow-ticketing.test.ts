import { IntegrationError } from '../../src/integrations/integration-error';
import {
  createServiceNowTicketing,
  SERVICENOW_URGENCY_IMPACT,
} from '../../src/integrations/ticketing/servicenow-ticketing';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ALERT, ctx, TEST_TIMEOUT_MS } from './fixtures';
import { startServiceNowStandIn, type ServiceNowStandIn } from './stand-ins/servicenow-stand-in';
import { jsonBody } from './stand-ins/stand-in-server';

const USER = 'socbot.integration';
const PASSWORD = 'Sn-pa55word-NEVER-LOGGED';

describe('ServiceNow ticketing against a Table API stand-in', () => {
  let standIn: ServiceNowStandIn;
  const log = createCapturedLogger('debug');
  const servicenow = (password = PASSWORD) =>
    createServiceNowTicketing({
      url: standIn.url,
      user: USER,
      password,
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });

  beforeEach(async () => {
    standIn = await startServiceNowStandIn(USER, PASSWORD);
  });
  afterEach(() => standIn.close());

  it('looks the key up, then creates one incident with basic auth, the facts and the correlation id', async () => {
    const ticket = await servicenow().createTicket(ALERT, ctx('ticket:SOC-2026-0001'));

    expect(ticket).toMatchObject({ provider: 'servicenow', number: 'INC0010001', existing: false });
    expect(ticket.id).toBe(standIn.incidents[0]?.sys_id);
    expect(ticket.url).toBe(`${standIn.url}/incident.do?sys_id=${ticket.id}`);
    const [lookup, create] = standIn.requests;
    expect(lookup?.method).toBe('GET');
    expect(lookup?.url.searchParams.get('sysparm_query')).toBe('correlation_id=ticket:SOC-2026-0001');
    expect(lookup?.url.searchParams.get('sysparm_limit')).toBe('1');
    expect(create?.method).toBe('POST');
    expect(create?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
    );
    const body = jsonBody(create);
    expect(body).toMatchObject({
      correlation_id: 'ticket:SOC-2026-0001',
      correlation_display: 'socbot',
      urgency: SERVICENOW_URGENCY_IMPACT.P2.urgency,
      impact: SERVICENOW_URGENCY_IMPACT.P2.impact,
    });
    expect(body.short_description).toBe('SAP alert 4711 on PRD/100: user DDIC from terminal PC-0815');
    for (const fact of ['SOC-2026-0001', '4711', 'PC-0815', 'DDIC', 'PRD/100', '10.1.2.3', 'Ana Analyst']) {
      expect(body.description).toContain(fact);
    }
  });

  it('maps P1..P5 to urgency/impact pairs that ServiceNow turns into priorities 1..5', () => {
    const product = (p: keyof typeof SERVICENOW_URGENCY_IMPACT) =>
      Number(SERVICENOW_URGENCY_IMPACT[p].urgency) + Number(SERVICENOW_URGENCY_IMPACT[p].impact);
    expect([product('P1'), product('P2'), product('P3'), product('P4'), product('P5')]).toEqual([
      2, 3, 4, 5, 6,
    ]);
  });

  it('creates the ticket once when the API created it and then timed out', async () => {
    standIn.script({ when: (request) => request.method === 'POST', handleThenHang: true });

    const first = await servicenow()
      .createTicket(ALERT, ctx('ticket:SOC-2026-0001'))
      .catch((error: unknown) => error);
    expect(first).toBeInstanceOf(IntegrationError);
    expect(first).toMatchObject({ kind: 'timeout', retryable: true });
    expect(standIn.incidents).toHaveLength(1);

    const retry = await servicenow().createTicket(ALERT, ctx('ticket:SOC-2026-0001'));
    expect(retry).toMatchObject({ number: 'INC0010001', existing: true });
    expect(standIn.incidents).toHaveLength(1);
    expect(standIn.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('a different key is a different incident', async () => {
    await servicenow().createTicket(ALERT, ctx('ticket:A'));
    const second = await servicenow().createTicket(ALERT, ctx('ticket:B'));
    expect(second).toMatchObject({ number: 'INC0010002', existing: false });
  });

  it('401 is final and says which variables to fix, without the password', async () => {
    const error = await servicenow('wrong-password-123')
      .createTicket(ALERT, ctx())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INTEGRATION_FAILED', kind: 'auth', retryable: false, status: 401 });
    expect((error as Error).message).toContain('SERVICENOW_USER and SERVICENOW_PASSWORD');
    expect((error as Error).message).not.toContain('wrong-password-123');
    expect(standIn.incidents).toHaveLength(0);
  });

  it('429 with Retry-After is retryable after the asked wait', async () => {
    standIn.script({
      answer: { status: 429, headers: { 'Retry-After': '7' }, body: { error: { message: 'slow down' } } },
    });
    const error = await servicenow()
      .createTicket(ALERT, ctx())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rate-limited', retryable: true, status: 429, retryAfterMs: 7000 });
  });

  it('500 on create is retryable, and the retry creates exactly one incident', async () => {
    standIn.script({
      when: (request) => request.method === 'POST',
      answer: { status: 500, body: { error: { message: 'boom' } } },
    });
    await expect(servicenow().createTicket(ALERT, ctx('k1'))).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
      status: 500,
    });
    await expect(servicenow().createTicket(ALERT, ctx('k1'))).resolves.toMatchObject({ existing: false });
    expect(standIn.incidents).toHaveLength(1);
  });

  it('a hanging lookup times out as retryable within the configured deadline', async () => {
    standIn.script({ hang: true });
    const started = Date.now();
    await expect(servicenow().createTicket(ALERT, ctx())).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(TEST_TIMEOUT_MS + 2000);
  });

  it('never logs the password or the Authorization header', async () => {
    await servicenow().createTicket(ALERT, ctx());
    await servicenow('another-wrong-pass')
      .createTicket(ALERT, ctx())
      .catch(() => undefined);
    expect(log.text()).not.toContain(PASSWORD);
    expect(log.text()).not.toContain('another-wrong-pass');
    expect(log.text()).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
    expect(log.text()).not.toMatch(/authorization/i);
  });
});
