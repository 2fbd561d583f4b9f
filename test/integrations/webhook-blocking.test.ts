import { createWebhookBlocking } from '../../src/integrations/blocking/webhook-blocking';
import { createCapturedLogger } from '../helpers/captured-logger';
import { BLOCK, ctx, TEST_TIMEOUT_MS } from './fixtures';
import { jsonBody } from './stand-ins/stand-in-server';
import { header, startWebhookReceiver, type WebhookReceiver } from './stand-ins/webhook-receiver';

const SECRET = 'block-webhook-secret-NEVER-LOGGED';

describe('blocking through a signed webhook (firewall / NAC)', () => {
  let receiver: WebhookReceiver;
  const log = createCapturedLogger('debug');
  const nac = (secret = SECRET) =>
    createWebhookBlocking({
      url: `${receiver.url}/block`,
      secret,
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });

  beforeEach(async () => {
    receiver = await startWebhookReceiver(SECRET);
  });
  afterEach(() => receiver.close());

  it('sends {action, terminal, ip, alertRef, requestedBy}, signed, with the idempotency key', async () => {
    await expect(nac().block(BLOCK, ctx('block:SOC-2026-0001'))).resolves.toEqual({
      provider: 'webhook',
      target: 'PC-0815',
      outcome: 'requested',
    });
    const request = receiver.accepted[0];
    expect(jsonBody(request)).toEqual({
      action: 'block',
      terminal: 'PC-0815',
      ip: '10.1.2.3',
      alertRef: 'SOC-2026-0001',
      requestedBy: 'Ana Analyst',
    });
    expect(header(request!, 'idempotency-key')).toBe('block:SOC-2026-0001');
  });

  it('leaves out the ip when there is none', async () => {
    await nac().block({ ...BLOCK, ip: undefined }, ctx());
    expect(jsonBody(receiver.accepted[0])).not.toHaveProperty('ip');
  });

  it('a forged signature is refused by the receiver and final; 503 with Retry-After and a hang are retryable', async () => {
    const refused = await nac('a-different-secret-123')
      .block(BLOCK, ctx())
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'auth', retryable: false });
    expect(receiver.accepted).toHaveLength(0);

    receiver.script({ answer: { status: 503, headers: { 'Retry-After': '5' } } }, { hang: true });
    await expect(nac().block(BLOCK, ctx())).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
      retryAfterMs: 5000,
    });
    await expect(nac().block(BLOCK, ctx())).rejects.toMatchObject({ kind: 'timeout', retryable: true });
    expect(log.text()).not.toContain(SECRET);
  });
});
