import { keyHash } from '../../src/integrations/idempotency-key';
import { createJiraTicketing } from '../../src/integrations/ticketing/jira-ticketing';
import { jqlString } from '../../src/integrations/ticketing/jql';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ALERT, ctx, TEST_TIMEOUT_MS } from './fixtures';
import { startJiraStandIn, type JiraStandIn } from './stand-ins/jira-stand-in';
import { jsonBody } from './stand-ins/stand-in-server';

const USER = 'soc@example.com';
const TOKEN = 'jira-api-token-NEVER-LOGGED';

describe('Jira ticketing against a REST v2 stand-in', () => {
  let standIn: JiraStandIn;
  const log = createCapturedLogger('debug');
  const jira = (options: { token?: string; project?: string } = {}) =>
    createJiraTicketing({
      url: standIn.url,
      user: USER,
      token: options.token ?? TOKEN,
      project: options.project ?? 'SOC',
      issueType: 'Task',
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });

  beforeEach(async () => {
    standIn = await startJiraStandIn(USER, TOKEN, 'SOC');
  });
  afterEach(() => standIn.close());

  it('searches by the key label, then creates an issue with labels, summary and description', async () => {
    const ticket = await jira().createTicket(ALERT, ctx('ticket:SOC-2026-0001'));

    expect(ticket).toMatchObject({ provider: 'jira', id: '10000', number: 'SOC-1', existing: false });
    expect(ticket.url).toBe(`${standIn.url}/browse/SOC-1`);
    const label = `socbot-${keyHash('ticket:SOC-2026-0001')}`;
    expect(standIn.lastJqlLiterals).toEqual(['SOC', label]);
    const create = standIn.requests.find((request) => request.method === 'POST');
    expect(create?.headers.authorization).toBe(`Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`);
    const { fields } = jsonBody(create) as { fields: Record<string, unknown> };
    expect(fields).toMatchObject({ project: { key: 'SOC' }, issuetype: { name: 'Task' } });
    expect(fields.labels).toEqual(['socbot', label, 'socbot-p2']);
    expect(fields.summary).toContain('4711');
    expect(fields.description).toContain('PC-0815');
  });

  it('returns the existing issue when an earlier attempt created it, without a second one', async () => {
    standIn.script({ when: (request) => request.method === 'POST', handleThenHang: true });
    await expect(jira().createTicket(ALERT, ctx('k'))).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    await expect(jira().createTicket(ALERT, ctx('k'))).resolves.toMatchObject({
      number: 'SOC-1',
      existing: true,
    });
    expect(standIn.issues).toHaveLength(1);
  });

  it('on Data Center, falls back to /rest/api/2/search and remembers it', async () => {
    await standIn.close();
    standIn = await startJiraStandIn(USER, TOKEN, 'SOC', 'datacenter');
    const provider = jira();
    await provider.createTicket(ALERT, ctx('k'));
    await expect(provider.createTicket(ALERT, ctx('k'))).resolves.toMatchObject({
      number: 'SOC-1',
      existing: true,
    });
    expect(standIn.requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'GET /rest/api/2/search/jql',
      'GET /rest/api/2/search',
      'POST /rest/api/2/issue',
      'GET /rest/api/2/search',
    ]);
  });

  it('on Cloud, uses /search/jql and reads the key of an id-only hit', async () => {
    const provider = jira();
    await provider.createTicket(ALERT, ctx('k'));
    await expect(provider.createTicket(ALERT, ctx('k'))).resolves.toMatchObject({
      id: '10000',
      number: 'SOC-1',
      existing: true,
    });
    expect(standIn.requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'GET /rest/api/2/search/jql',
      'POST /rest/api/2/issue',
      'GET /rest/api/2/search/jql',
      'GET /rest/api/2/issue/10000',
    ]);
  });

  it('quotes the project key in JQL so a hostile value stays one literal', async () => {
    const hostileProject = 'SOC" OR project = "X\\';
    await jira({ project: hostileProject })
      .createTicket(ALERT, ctx())
      .catch(() => undefined);
    expect(standIn.lastJqlLiterals[0]).toBe(hostileProject);
    expect(jqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('401 is final and names JIRA_USER and JIRA_TOKEN, without the token', async () => {
    const error = (await jira({ token: 'wrong-token-value' })
      .createTicket(ALERT, ctx())
      .catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    expect(error.message).toContain('JIRA_USER');
    expect(error.message).toContain('JIRA_TOKEN');
    expect(error.message).not.toContain('wrong-token-value');
  });

  it('429 with Retry-After, 500 and a hang are retryable', async () => {
    standIn.script(
      { answer: { status: 429, headers: { 'Retry-After': '30' } } },
      { answer: { status: 500, body: { errorMessages: ['Internal server error'] } } },
      { hang: true },
    );
    await expect(jira().createTicket(ALERT, ctx())).rejects.toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 30_000,
    });
    await expect(jira().createTicket(ALERT, ctx())).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
    });
    await expect(jira().createTicket(ALERT, ctx())).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(log.text()).not.toContain(TOKEN);
  });
});
