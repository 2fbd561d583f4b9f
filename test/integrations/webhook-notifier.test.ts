import { verifyAckToken } from '../../src/integrations/ack-token';
import { createWebhookNotifier } from '../../src/integrations/notify/webhook-notifier';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ctx, HOSTILE, NOTICE, TEST_TIMEOUT_MS } from './fixtures';
import { jsonBody, startStandIn, type StandIn } from './stand-ins/stand-in-server';

const ACK = { publicBaseUrl: 'https://socbot.example.com/', secret: 'ack-secret-0123456789-NEVER' };
const WORKFLOW_SIG = 'workflow-sig-NEVER-LOGGED';

interface CardMessage {
  type: string;
  attachments: Array<{
    contentType: string;
    content: {
      type: string;
      version: string;
      body: Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }> }>;
      actions: Array<{ type: string; url?: string }>;
    };
  }>;
}

/** A Teams Workflows "When a Teams webhook request is received" trigger: 202 Accepted, sig in the query. */
describe('Basis notices to a Teams Workflows webhook', () => {
  let workflow: StandIn;
  const log = createCapturedLogger('debug');
  const notifier = () =>
    createWebhookNotifier({
      audience: 'basis',
      url: `${workflow.url}/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=${WORKFLOW_SIG}`,
      ack: ACK,
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });

  beforeEach(async () => {
    workflow = await startStandIn((request) =>
      request.url.searchParams.get('sig') === WORKFLOW_SIG
        ? { status: 202 }
        : { status: 401, body: { error: { code: 'DirectApiAuthorizationRequired' } } },
    );
  });
  afterEach(() => workflow.close());

  it('posts a message with one Adaptive Card attachment: facts and an Acknowledge link', async () => {
    await expect(notifier().notify(NOTICE, ctx('notify:webhook:1'))).resolves.toEqual({
      channel: 'webhook',
      delivered: 1,
    });

    const request = workflow.requests[0]!;
    expect(request.headers['idempotency-key']).toBe('notify:webhook:1');
    const message = jsonBody(request) as unknown as CardMessage;
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    const attachment = message.attachments[0]!;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    const facts = attachment.content.body.find((element) => element.type === 'FactSet')?.facts ?? [];
    expect(Object.fromEntries(facts.map((fact) => [fact.title, fact.value]))).toMatchObject({
      Terminal: 'PC\\-0815',
      User: 'DDIC',
      System: 'PRD/100',
      Priority: 'P1',
    });
    const action = attachment.content.actions[0]!;
    expect(action.type).toBe('Action.OpenUrl');
    const link = new URL(action.url ?? '');
    expect(link.href.startsWith('https://socbot.example.com/api/basis/ack?')).toBe(true);
    expect(verifyAckToken('SOC-2026-0001', link.searchParams.get('token') ?? undefined, ACK.secret)).toBe(
      true,
    );
  });

  it('keeps hostile values inert: JSON-encoded, markdown-escaped, bounded', async () => {
    await notifier().notify(
      {
        ...NOTICE,
        terminal: HOSTILE.jsonFragment,
        username: '[click](https://evil.example)',
        system: HOSTILE.huge,
      },
      ctx(),
    );
    const message = jsonBody(workflow.requests[0]) as unknown as CardMessage;
    const facts =
      message.attachments[0]!.content.body.find((element) => element.type === 'FactSet')?.facts ?? [];
    const values = Object.fromEntries(facts.map((fact) => [fact.title, fact.value]));
    expect(values.Terminal).toBe('"},{"x":"injected","y":{"');
    expect(values.User).toBe('\\[click\\]\\(https://evil.example\\)');
    expect(values.System!.length).toBeLessThanOrEqual(300);
    expect(Object.keys(message)).toEqual(['type', 'attachments']);
  });

  it('a dead flow URL (401) is final; 429 and a hang are retryable; the sig never shows', async () => {
    const broken = createWebhookNotifier({
      audience: 'leads',
      url: `${workflow.url}/invoke?sig=stale-signature-value`,
      ack: ACK,
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });
    const error = (await broken.notify(NOTICE, ctx()).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toContain('LEADS_WEBHOOK_URL');
    expect(error.message).not.toContain('stale-signature-value');

    workflow.script({ answer: { status: 429, headers: { 'Retry-After': '4' } } }, { hang: true });
    await expect(notifier().notify(NOTICE, ctx())).rejects.toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 4000,
    });
    await expect(notifier().notify(NOTICE, ctx())).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(log.text()).not.toContain(WORKFLOW_SIG);
    expect(log.text()).not.toContain('stale-signature-value');
  });
});
