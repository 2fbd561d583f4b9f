import { createScimBlocking } from '../../src/integrations/blocking/scim-blocking';
import { createWebhookBlocking } from '../../src/integrations/blocking/webhook-blocking';
import { FIELD_MAX_CHARS, TEXT_MAX_CHARS } from '../../src/integrations/bounded-text';
import { createJiraTicketing } from '../../src/integrations/ticketing/jira-ticketing';
import { createServiceNowTicketing } from '../../src/integrations/ticketing/servicenow-ticketing';
import { createTheHiveTicketing } from '../../src/integrations/ticketing/thehive-ticketing';
import { createWebhookTicketing } from '../../src/integrations/ticketing/webhook-ticketing';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ctx, HOSTILE, hostileAlert, longestString, TEST_TIMEOUT_MS } from './fixtures';
import { startJiraStandIn } from './stand-ins/jira-stand-in';
import { startScimStandIn } from './stand-ins/scim-stand-in';
import { startServiceNowStandIn } from './stand-ins/servicenow-stand-in';
import { jsonBody, type RecordedRequest, type StandIn } from './stand-ins/stand-in-server';
import { startTheHiveStandIn } from './stand-ins/thehive-stand-in';
import { startWebhookReceiver } from './stand-ins/webhook-receiver';

const SECRET = 'hostile-test-secret-0123456789';
const { logger } = createCapturedLogger();
const timeoutMs = TEST_TIMEOUT_MS * 3;

/** Every string in the body is bounded; single-line fields have no CR/LF; the JSON fragment stayed a value. */
function expectInert(request: RecordedRequest | undefined, multiLineFields: string[] = []) {
  const body = jsonBody(request);
  expect(longestString(body)).toBeLessThanOrEqual(TEXT_MAX_CHARS);
  expect(request!.body.length).toBeLessThan(20_000);
  const visit = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (!multiLineFields.includes(key)) {
        expect(value).not.toMatch(/[\r\n]/);
        expect(Array.from(value).length).toBeLessThanOrEqual(FIELD_MAX_CHARS);
      } else {
        expect(value).not.toMatch(/\r/);
      }
    } else if (Array.isArray(value)) value.forEach((item) => visit(item, key));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => visit(v, k));
  };
  visit(body, '');
  // The JSON fragment never became a key of its own.
  expect(request!.body).not.toMatch(/[{,]"x":/);
  return body;
}

describe('hostile slot values arrive escaped and bounded in every outbound request', () => {
  const standIns: StandIn[] = [];
  afterAll(async () => {
    await Promise.all(standIns.map((standIn) => standIn.close()));
  });

  it('ServiceNow: short_description and description are bounded text, the fragment a plain value', async () => {
    const standIn = await startServiceNowStandIn('u', SECRET);
    standIns.push(standIn);
    await createServiceNowTicketing({
      url: standIn.url,
      user: 'u',
      password: SECRET,
      timeoutMs,
      logger,
    }).createTicket(hostileAlert(), ctx());
    const body = expectInert(standIn.requests.at(-1), ['description']);
    expect(Object.keys(body).sort()).toEqual(
      [
        'correlation_display',
        'correlation_id',
        'description',
        'impact',
        'short_description',
        'urgency',
      ].sort(),
    );
    expect(body.description).toContain(`alert ID: ${HOSTILE.jsonFragment}`);
    expect(body.description).toContain(HOSTILE.script);
  });

  it('Jira: fields are bounded and the JQL search is unaffected', async () => {
    const standIn = await startJiraStandIn('u', SECRET, 'SOC');
    standIns.push(standIn);
    await createJiraTicketing({
      url: standIn.url,
      user: 'u',
      token: SECRET,
      project: 'SOC',
      issueType: 'Task',
      timeoutMs,
      logger,
    }).createTicket(hostileAlert(), ctx());
    const body = expectInert(standIn.requests.at(-1), ['description']);
    expect(Object.keys(body.fields as object).sort()).toEqual([
      'description',
      'issuetype',
      'labels',
      'project',
      'summary',
    ]);
  });

  it('TheHive: observables carry the bounded values', async () => {
    const standIn = await startTheHiveStandIn(SECRET);
    standIns.push(standIn);
    await createTheHiveTicketing({ url: standIn.url, apiKey: SECRET, timeoutMs, logger }).createTicket(
      hostileAlert(),
      ctx(),
    );
    const body = expectInert(
      standIn.requests.find((request) => request.url.pathname === '/api/v1/alert'),
      ['description'],
    );
    const observables = body.observables as Array<{ dataType: string; data: string }>;
    expect(observables.find((o) => o.dataType === 'hostname')?.data).toBe(
      HOSTILE.crlf.replace(/[\r\n]/g, ' '),
    );
    expect(observables.find((o) => o.dataType === 'ip')?.data).toBe(HOSTILE.jsonFragment);
  });

  it('alert webhook: every field bounded, signature still valid over the exact body', async () => {
    const receiver = await startWebhookReceiver(SECRET);
    standIns.push(receiver);
    await createWebhookTicketing({ url: receiver.url, secret: SECRET, timeoutMs, logger }).createTicket(
      hostileAlert(),
      ctx(),
    );
    expect(receiver.accepted).toHaveLength(1);
    const body = expectInert(receiver.accepted[0]);
    expect((body.alert as Record<string, string>).alertId).toBe(HOSTILE.jsonFragment);
  });

  it('block webhook: terminal without CR/LF, 100 KB requestedBy bounded', async () => {
    const receiver = await startWebhookReceiver(SECRET);
    standIns.push(receiver);
    await createWebhookBlocking({ url: receiver.url, secret: SECRET, timeoutMs, logger }).block(
      {
        terminal: HOSTILE.crlf,
        ip: HOSTILE.jsonFragment,
        alertRef: HOSTILE.script,
        requestedBy: HOSTILE.huge,
      },
      ctx(),
    );
    const body = expectInert(receiver.accepted[0]);
    expect(Object.keys(body)).toEqual(['action', 'terminal', 'ip', 'alertRef', 'requestedBy']);
    expect(body.action).toBe('block');
  });

  it('SCIM: a 100 KB user name is bounded before it reaches the filter', async () => {
    const standIn = await startScimStandIn(SECRET, []);
    standIns.push(standIn);
    await createScimBlocking({ url: `${standIn.url}/scim/v2`, token: SECRET, timeoutMs, logger })
      .block(
        { terminal: 't', username: `${HOSTILE.quotes}${HOSTILE.huge}`, alertRef: 'r', requestedBy: 'a' },
        ctx(),
      )
      .catch(() => undefined);
    const name = standIn.filteredUserNames[0] ?? '';
    expect(name.startsWith(HOSTILE.quotes)).toBe(true);
    expect(Array.from(name)).toHaveLength(FIELD_MAX_CHARS);
  });
});
