import { createScimBlocking } from '../../src/integrations/blocking/scim-blocking';
import { scimUserNameFilter } from '../../src/integrations/blocking/scim-filter';
import { createCapturedLogger } from '../helpers/captured-logger';
import { BLOCK, ctx, TEST_TIMEOUT_MS } from './fixtures';
import { startScimStandIn, type ScimStandIn } from './stand-ins/scim-stand-in';
import { jsonBody } from './stand-ins/stand-in-server';

const TOKEN = 'scim-bearer-token-NEVER-LOGGED';

describe('blocking a user through SCIM 2.0', () => {
  let standIn: ScimStandIn;
  const log = createCapturedLogger('debug');
  const scim = (token = TOKEN) =>
    createScimBlocking({
      url: `${standIn.url}/scim/v2`,
      token,
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });

  beforeEach(async () => {
    standIn = await startScimStandIn(TOKEN, [
      { id: 'u-1', userName: 'DDIC', active: true },
      { id: 'u-2', userName: 'SAP*', active: false },
      { id: 'u/3 odd', userName: 'ODD ID', active: true },
    ]);
  });
  afterEach(() => standIn.close());

  it('finds the user by an exact userName filter and PATCHes active to false', async () => {
    await expect(scim().block(BLOCK, ctx())).resolves.toEqual({
      provider: 'scim',
      target: 'user DDIC',
      outcome: 'blocked',
    });

    const [search, patch] = standIn.requests;
    expect(search?.url.pathname).toBe('/scim/v2/Users');
    expect(search?.url.searchParams.get('filter')).toBe('userName eq "DDIC"');
    expect(search?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(patch?.method).toBe('PATCH');
    expect(patch?.url.pathname).toBe('/scim/v2/Users/u-1');
    expect(patch?.headers['content-type']).toBe('application/scim+json');
    expect(jsonBody(patch)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(standIn.users[0]?.active).toBe(false);
  });

  it('a user already inactive is success without a PATCH (a repeated attempt)', async () => {
    await expect(scim().block({ ...BLOCK, username: 'SAP*' }, ctx())).resolves.toMatchObject({
      outcome: 'already-blocked',
    });
    await scim().block(BLOCK, ctx());
    await expect(scim().block(BLOCK, ctx())).resolves.toMatchObject({ outcome: 'already-blocked' });
    expect(standIn.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
  });

  it('an unknown user is final, with a clear message', async () => {
    const error = (await scim()
      .block({ ...BLOCK, username: 'NOBODY' }, ctx())
      .catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'INTEGRATION_FAILED', kind: 'not-found', retryable: false });
    expect(error.message).toContain('no user "NOBODY"');
  });

  it('a missing user name is final without a call', async () => {
    await expect(scim().block({ ...BLOCK, username: undefined }, ctx())).rejects.toMatchObject({
      retryable: false,
    });
    expect(standIn.requests).toHaveLength(0);
  });

  it('escapes quotes and backslashes in the filter so a value cannot add clauses', async () => {
    const hostile = 'x" or userName pr or userName eq "\\';
    expect(scimUserNameFilter(hostile)).toBe('userName eq "x\\" or userName pr or userName eq \\"\\\\"');
    await scim()
      .block({ ...BLOCK, username: hostile }, ctx())
      .catch(() => undefined);
    expect(standIn.filteredUserNames).toEqual([hostile]);
    expect(standIn.users.every((user) => user.userName !== 'DDIC' || user.active)).toBe(true);
  });

  it('encodes the user id into the PATCH path', async () => {
    await scim().block({ ...BLOCK, username: 'ODD ID' }, ctx());
    const patch = standIn.requests.find((request) => request.method === 'PATCH');
    expect(patch?.url.pathname).toBe('/scim/v2/Users/u%2F3%20odd');
    expect(standIn.users[2]?.active).toBe(false);
  });

  it('401 is final and names SCIM_TOKEN; 429, 500 and a hang are retryable', async () => {
    const error = (await scim('wrong-scim-token')
      .block(BLOCK, ctx())
      .catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    expect(error.message).toContain('SCIM_TOKEN');

    standIn.script(
      { answer: { status: 429, headers: { 'Retry-After': '3' } } },
      { answer: { status: 500 } },
      { hang: true },
    );
    await expect(scim().block(BLOCK, ctx())).rejects.toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 3000,
    });
    await expect(scim().block(BLOCK, ctx())).rejects.toMatchObject({ kind: 'unavailable', retryable: true });
    await expect(scim().block(BLOCK, ctx())).rejects.toMatchObject({ kind: 'timeout', retryable: true });
    expect(log.text()).not.toContain(TOKEN);
    expect(log.text()).not.toContain('wrong-scim-token');
  });
});
