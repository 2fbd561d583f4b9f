import type { BasisNotice } from '../../src/integrations/notify/basis-notice';
import { createSmsNotifier } from '../../src/integrations/notify/sms-notifier';
import { IntegrationError } from '../../src/integrations/integration-error';
import type { OperationContext } from '../../src/integrations/operation';
import { createCapturedLogger } from '../helpers/captured-logger';
import { NOTICE, TEST_TIMEOUT_MS } from './fixtures';
import { formOf, startTwilioStandIn, type TwilioStandIn } from './stand-ins/twilio-stand-in';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'twilio-auth-token-NEVER-LOGGED';
const FROM = '+15017122661';
const TO = '+4915123456789';
const ACK = { publicBaseUrl: 'https://socbot.example.com', secret: 'ack-secret-0123456789-NEVER' };

const ESCALATION: BasisNotice = {
  ...NOTICE,
  audience: 'leads',
  blocked: [],
  title: 'Brute force against DDIC',
  escalation: { tier: 'first', at: '2026-12-06T08:00:00.000Z' },
};

async function failureOf(promise: Promise<unknown>): Promise<IntegrationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IntegrationError) return error;
    throw error;
  }
  throw new Error('the call did not fail');
}

describe('escalation SMS through the Twilio Messages API (stand-in on 127.0.0.1)', () => {
  let twilio: TwilioStandIn;
  const log = createCapturedLogger('debug');
  const notifier = (options: { token?: string; from?: string; to?: string } = {}) =>
    createSmsNotifier({
      audience: 'leads',
      to: options.to ?? TO,
      twilio: {
        accountSid: SID,
        authToken: options.token ?? TOKEN,
        from: options.from ?? FROM,
        apiUrl: twilio.url,
      },
      ack: ACK,
      timeoutMs: TEST_TIMEOUT_MS,
      logger: log.logger,
    });
  const ctx = (progress?: unknown, saved: unknown[] = []): OperationContext => ({
    idempotencyKey: 'SOC-2026-0001:escalate.notice:first:leads:sms:_4915123456789',
    signal: new AbortController().signal,
    ...(progress !== undefined ? { progress } : {}),
    saveProgress: async (value) => void saved.push(value),
  });

  beforeEach(async () => {
    twilio = await startTwilioStandIn(SID, TOKEN, ['+4915100000000']);
  });
  afterEach(() => twilio.close());
  afterAll(() => {
    expect(log.text()).not.toContain(TOKEN);
    expect(log.text()).not.toContain(ACK.secret);
  });

  it('POSTs To, From and Body form-encoded with basic auth and answers the Message SID (201)', async () => {
    const result = await notifier().notify(ESCALATION, ctx());
    expect(twilio.messages).toHaveLength(1);
    expect(result).toEqual({ channel: 'sms', delivered: 1, reference: twilio.messages[0]?.sid });
    const request = twilio.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url.pathname).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = formOf(request);
    expect([...form.keys()].sort()).toEqual(['Body', 'From', 'To']);
    expect(form.get('To')).toBe(TO);
    expect(form.get('From')).toBe(FROM);
    const body = form.get('Body') ?? '';
    expect(body.length).toBeLessThanOrEqual(320);
    expect(body).toContain('P1 SOC-2026-0001 on PRD/100');
    expect(body).toContain('Brute force against DDIC');
    expect(body).toMatch(
      /Ack: https:\/\/socbot\.example\.com\/api\/escalation\/ack\?ref=SOC-2026-0001&r=[\w-]{8}&token=/,
    );
    expect(body).not.toContain(TOKEN);
    expect(body).not.toContain(ACK.secret);
  });

  it('sends from a Messaging Service as MessagingServiceSid instead of From', async () => {
    const service = `MG${'ab'.repeat(16)}`;
    await notifier({ from: service }).notify(ESCALATION, ctx());
    const form = formOf(twilio.requests[0]);
    expect(form.get('MessagingServiceSid')).toBe(service);
    expect(form.has('From')).toBe(false);
  });

  it('a number Twilio refuses (400, code 21211) fails at once and names the variable to fix', async () => {
    const error = await failureOf(notifier({ to: '+4915100000000' }).notify(ESCALATION, ctx()));
    expect(error).toMatchObject({ kind: 'rejected', retryable: false, status: 400 });
    expect(error.message).toContain('21211');
    expect(error.message).toContain('LEADS_SMS_TO');
    expect(twilio.messages).toHaveLength(0);
  });

  it('wrong credentials (401) fail at once and name TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, never the token', async () => {
    const error = await failureOf(notifier({ token: 'wrong-token-0123456789' }).notify(ESCALATION, ctx()));
    expect(error).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    expect(error.message).toContain('TWILIO_AUTH_TOKEN');
    expect(error.message).not.toContain('wrong-token-0123456789');
  });

  it('429 is retried after its Retry-After; 5xx is retried', async () => {
    twilio.script({
      answer: {
        status: 429,
        headers: { 'Retry-After': '7' },
        body: { code: 20429, message: 'Too Many Requests', status: 429 },
      },
    });
    expect(await failureOf(notifier().notify(ESCALATION, ctx()))).toMatchObject({
      kind: 'rate-limited',
      retryable: true,
      retryAfterMs: 7000,
    });
    twilio.script({
      answer: { status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } },
    });
    expect(await failureOf(notifier().notify(ESCALATION, ctx()))).toMatchObject({
      kind: 'unavailable',
      retryable: true,
    });
    expect(twilio.messages).toHaveLength(0);
  });

  it('a retry after a POST whose answer was lost finds the sent message in the list and does not send it again', async () => {
    // Twilio accepts the message, then the answer never arrives: the attempt times out.
    twilio.script({ when: (request) => request.method === 'POST', handleThenHang: true });
    const saved: unknown[] = [];
    const first = await failureOf(notifier().notify(ESCALATION, ctx(undefined, saved)));
    expect(first).toMatchObject({ kind: 'timeout', retryable: true });
    expect(twilio.messages).toHaveLength(1);
    expect(saved).toEqual([{ posting: true, at: expect.any(String) }]);

    // The outbox hands the saved progress to the next attempt.
    const second = await notifier().notify(ESCALATION, ctx(saved[0]));
    expect(second).toEqual({ channel: 'sms', delivered: 1, reference: twilio.messages[0]?.sid });
    expect(twilio.messages).toHaveLength(1);
    const list = twilio.requests.at(-1)!;
    expect(list.method).toBe('GET');
    expect(list.url.searchParams.get('To')).toBe(TO);
    expect(list.url.searchParams.get('From')).toBe(FROM);
  });

  it('a retry after a POST that failed before Twilio took it sends it (the list has no such message)', async () => {
    twilio.script({ when: (request) => request.method === 'POST', hang: true });
    const saved: unknown[] = [];
    await failureOf(notifier().notify(ESCALATION, ctx(undefined, saved)));
    expect(twilio.messages).toHaveLength(0);
    await notifier().notify(ESCALATION, ctx(saved[0]));
    expect(twilio.messages).toHaveLength(1);
  });
});
