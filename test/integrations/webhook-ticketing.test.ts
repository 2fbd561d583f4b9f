import { createWebhookTicketing } from '../../src/integrations/ticketing/webhook-ticketing';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../src/integrations/webhook-signature';
import { createCapturedLogger } from '../helpers/captured-logger';
import { ALERT, ctx, TEST_TIMEOUT_MS } from './fixtures';
import { jsonBody } from './stand-ins/stand-in-server';
import { header, startWebhookReceiver, type WebhookReceiver } from './stand-ins/webhook-receiver';

const SECRET = 'alert-webhook-secret-NEVER-LOGGED';

describe('generic alert webhook', () => {
  let receiver: WebhookReceiver;
  const log = createCapturedLogger('debug');
  const hook = (secret = SECRET) =>
    createWebhookTicketing({
      url: `${receiver.url}/hooks/alerts?tenant=soc`,
      secret,
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });

  beforeEach(async () => {
    receiver = await startWebhookReceiver(SECRET);
  });
  afterEach(() => receiver.close());

  it('POSTs signed JSON with an Idempotency-Key that the receiver verifies', async () => {
    const ticket = await hook().createTicket(ALERT, ctx('ticket:SOC-2026-0001'));

    expect(ticket).toMatchObject({ provider: 'webhook', id: 'T-1', existing: false });
    const [request] = receiver.accepted;
    expect(request?.url.pathname + (request?.url.search ?? '')).toBe('/hooks/alerts?tenant=soc');
    expect(header(request!, 'idempotency-key')).toBe('ticket:SOC-2026-0001');
    expect(header(request!, 'x-socbot-signature')).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        body: request!.body,
        timestamp: header(request!, 'x-socbot-timestamp'),
        signature: header(request!, 'x-socbot-signature'),
      }),
    ).toBe(true);
    expect(jsonBody(request)).toMatchObject({
      event: 'socbot.alert.registered',
      alert: { alertId: '4711', terminal: 'PC-0815' },
    });
  });

  it('a signature over a changed body or with another secret does not verify', async () => {
    await hook().createTicket(ALERT, ctx());
    const request = receiver.accepted[0]!;
    const base = {
      timestamp: header(request, 'x-socbot-timestamp'),
      signature: header(request, SIGNATURE_HEADER.toLowerCase()),
    };
    expect(
      verifyWebhookSignature({ ...base, secret: SECRET, body: request.body.replace('4711', '4712') }),
    ).toBe(false);
    expect(verifyWebhookSignature({ ...base, secret: 'another-secret-0000', body: request.body })).toBe(
      false,
    );
    expect(
      verifyWebhookSignature({
        ...base,
        secret: SECRET,
        body: request.body,
        now: new Date(Date.now() + 3600_000),
      }),
    ).toBe(false);
  });

  it('the same key twice is one ticket at a receiver that honours Idempotency-Key', async () => {
    await hook().createTicket(ALERT, ctx('k'));
    await expect(hook().createTicket(ALERT, ctx('k'))).resolves.toMatchObject({ id: 'T-1', existing: true });
    expect(receiver.accepted).toHaveLength(1);
  });

  it('a receiver refusing the signature (401) is final; 429, 500 and a hang are retryable', async () => {
    const refused = (await hook('not-the-receivers-secret')
      .createTicket(ALERT, ctx())
      .catch((e: unknown) => e)) as Error;
    expect(refused).toMatchObject({ kind: 'auth', retryable: false });
    expect(refused.message).toContain('WEBHOOK_SECRET');
    expect(refused.message).not.toContain('not-the-receivers-secret');

    receiver.script(
      { answer: { status: 429, headers: { 'Retry-After': '1' } } },
      { answer: { status: 500 } },
      { hang: true },
    );
    await expect(hook().createTicket(ALERT, ctx())).rejects.toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 1000,
    });
    await expect(hook().createTicket(ALERT, ctx())).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
    });
    await expect(hook().createTicket(ALERT, ctx())).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
    expect(log.text()).not.toContain(SECRET);
    expect(log.text()).not.toContain('tenant=soc');
  });
});
