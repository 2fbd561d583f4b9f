import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { accessConfigOf } from '../../src/access/access-config';
import { chatOverHttp, startSocbotUnderTest, type SocbotUnderTest } from '../app/helpers/socbot-under-test';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connector-stand-in';
import { httpRequest } from '../helpers/http-request';
import { trainProjectModel } from '../e2e/helpers/trained-model';
import { valueOf } from './prometheus-text';

const ANALYST = { id: 'analyst-1', name: 'Ana' };
const TOKEN = 'metrics-token-0123456789abcdef';

/**
 * GET /metrics on socbot as `serve` starts it (the real model, real HTTP, a connector stand-in):
 * the series move with the turns and side effects, and only those allowed may read them.
 */
describe('GET /metrics', () => {
  let dir: string;
  let modelPath: string;
  let connector: ConnectorStandIn | undefined;
  let socbot: SocbotUnderTest | undefined;

  beforeAll(async () => {
    ({ dir, modelPath } = await trainProjectModel());
    connector = await startConnectorStandIn();
  }, 120_000);
  afterEach(async () => {
    await socbot?.server.stop();
    socbot = undefined;
  });
  afterAll(async () => {
    await connector?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(env: NodeJS.ProcessEnv = {}): Promise<SocbotUnderTest> {
    const dataDir = await mkdtemp(path.join(dir, 'data-'));
    socbot = await startSocbotUnderTest({
      dataDir,
      modelPath,
      env,
      config: { access: accessConfigOf({ analyst: [ANALYST.id] }) },
    });
    return socbot;
  }

  const scrape = async (url: string, headers: Record<string, string> = {}): Promise<string> => {
    const res = await httpRequest(`${url}/metrics`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    return res.text;
  };

  it('counts turns by outcome and the NLU verdicts as the conversation goes', async () => {
    const { server } = await start();
    const before = await scrape(server.url);
    for (const outcome of ['complete', 'waiting', 'cancelled', 'refused', 'failed'])
      expect(valueOf(before, 'socbot_turns_total', { outcome })).toBe(0);
    expect(valueOf(before, 'socbot_nlu_recognitions_total')).toBe(0);

    if (!connector) throw new Error('no connector stand-in');
    const chat = chatOverHttp(connector, 'conv-metrics');
    expect((await chat.say(server, ANALYST, 'register alert 4711 on PRD')).text).toContain(
      'From which terminal',
    );
    // A bare answer to the form's question: a turn, but not an NLU verdict on the analyst's request.
    expect((await chat.say(server, ANALYST, 'PC-0815')).text).toContain('Which SAP user');
    expect((await chat.say(server, ANALYST, 'cancel')).status).toBe(200);
    expect((await chat.say(server, ANALYST, 'zorblax quim fetterwump')).text).toContain("I'm not sure");
    expect((await chat.say(server, ANALYST, 'x'.repeat(5000))).text).toContain('too long');

    const after = await scrape(server.url);
    expect(valueOf(after, 'socbot_turns_total', { outcome: 'waiting' })).toBe(2);
    expect(valueOf(after, 'socbot_turns_total', { outcome: 'cancelled' })).toBe(1);
    expect(valueOf(after, 'socbot_turns_total', { outcome: 'complete' })).toBe(1);
    expect(valueOf(after, 'socbot_turns_total', { outcome: 'refused' })).toBe(1);
    expect(valueOf(after, 'socbot_turns_total', { outcome: 'failed' })).toBe(0);
    expect(valueOf(after, 'socbot_nlu_recognitions_total')).toBe(3);
    expect(valueOf(after, 'socbot_nlu_out_of_scope_total')).toBe(1);
    expect(valueOf(after, 'socbot_nlu_confidence_count')).toBe(3);
    expect(valueOf(after, 'socbot_nlu_confidence_bucket', { le: '+Inf' })).toBe(3);
    // Node's process metrics join at the first scrape; no store latency on the files backend.
    expect(valueOf(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(after).not.toContain('socbot_store_query_duration_seconds_count');
    // Nothing from the conversation becomes a name or a label. Sample values are left out: a heap
    // size may well contain the digits 4711.
    const withoutValues = after
      .split('\n')
      .map((line) => (line.startsWith('#') ? line : line.slice(0, line.lastIndexOf(' '))))
      .join('\n');
    expect(withoutValues).toContain('socbot_turns_total{outcome="complete"}');
    expect(withoutValues).not.toMatch(/conv-metrics|analyst-1|4711|zorblax/);
  });

  it('shows the outbox queue by kind and the outcomes of side effects', async () => {
    const { server, app } = await start();
    app.outbox.register('test.fails', async () => {
      throw Object.assign(new Error('401 from the provider'), {
        code: 'AUTH_FAILED',
        retryable: false,
        service: 'servicenow',
        kind: 'auth',
      });
    });
    app.outbox.register('test.succeeds', async () => ({ done: true }));
    const failing = await app.outbox.enqueue({ type: 'test.fails', idempotencyKey: 'f1', payload: {} });
    const succeeding = await app.outbox.enqueue({ type: 'test.succeeds', idempotencyKey: 's1', payload: {} });
    // No ticketing is configured, so nothing runs ticket jobs: this one waits.
    await app.outbox.enqueue({ type: 'ticket.create', idempotencyKey: 't1', payload: {} });
    await app.outbox.enqueue({
      type: 'ticket.create',
      idempotencyKey: 't2',
      payload: {},
      notBefore: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect((await app.outbox.waitFor(failing.id, 5000)).status).toBe('failed');
    expect((await app.outbox.waitFor(succeeding.id, 5000)).status).toBe('succeeded');
    await new Promise((resolve) => setTimeout(resolve, 50));

    const text = await scrape(server.url);
    expect(valueOf(text, 'socbot_outbox_jobs', { job_kind: 'ticket.create', state: 'pending' })).toBe(1);
    expect(valueOf(text, 'socbot_outbox_jobs', { job_kind: 'ticket.create', state: 'scheduled' })).toBe(1);
    expect(valueOf(text, 'socbot_outbox_jobs', { job_kind: 'ticket.create', state: 'running' })).toBe(0);
    expect(
      valueOf(text, 'socbot_outbox_oldest_job_age_seconds', { job_kind: 'ticket.create' }),
    ).toBeGreaterThan(0);
    // Every known kind has its series, at 0 when nothing waits.
    expect(valueOf(text, 'socbot_outbox_jobs', { job_kind: 'block.scim', state: 'pending' })).toBe(0);
    expect(valueOf(text, 'socbot_outbox_jobs', { job_kind: 'test.fails', state: 'pending' })).toBeUndefined();
    expect(
      valueOf(text, 'socbot_provider_errors_total', {
        job_kind: 'test.fails',
        provider: 'servicenow',
        error_kind: 'auth',
        code: 'AUTH_FAILED',
      }),
    ).toBe(1);
    expect(valueOf(text, 'socbot_provider_errors_total', { job_kind: 'test.succeeds' })).toBeUndefined();
    expect(
      valueOf(text, 'socbot_side_effect_duration_seconds_count', {
        job_kind: 'test.fails',
        outcome: 'failed',
      }),
    ).toBe(1);
    expect(
      valueOf(text, 'socbot_side_effect_duration_seconds_count', {
        job_kind: 'test.succeeds',
        outcome: 'succeeded',
      }),
    ).toBe(1);
  });

  it('with METRICS_TOKEN answers only the bearer of the token (401 otherwise)', async () => {
    const { server, logText } = await start({ METRICS_TOKEN: TOKEN });
    const none = await httpRequest(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.json).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('METRICS_TOKEN'),
    });
    const wrong = await httpRequest(`${server.url}/metrics`, {
      headers: { Authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
    });
    expect(wrong.status).toBe(401);
    const basic = await httpRequest(`${server.url}/metrics`, {
      headers: { Authorization: `Basic ${TOKEN}` },
    });
    expect(basic.status).toBe(401);
    expect(
      valueOf(await scrape(server.url, { Authorization: `Bearer ${TOKEN}` }), 'socbot_turns_total', {
        outcome: 'complete',
      }),
    ).toBe(0);
    // A credential: never in the log.
    expect(logText()).not.toContain(TOKEN);
  });

  it('without METRICS_TOKEN answers loopback clients under a loopback name only', async () => {
    const { server } = await start();
    await scrape(server.url);
    const rebound = await httpRequest(`${server.url}/metrics`, { headers: { Host: 'attacker.example:80' } });
    expect(rebound.status).toBe(403);
    expect(rebound.json).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('METRICS_TOKEN'),
    });
  });
});
