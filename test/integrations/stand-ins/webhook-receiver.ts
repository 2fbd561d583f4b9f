import { verifyWebhookSignature } from '../../../src/integrations/webhook-signature';
import { startStandIn, type RecordedRequest, type StandIn } from './stand-in-server';

/**
 * A webhook receiver that does what socbot's documentation asks of one: verify
 * `X-Socbot-Signature` over `X-Socbot-Timestamp + "." + body` with the shared secret (401 if
 * not), and act once per `Idempotency-Key`.
 */
export interface WebhookReceiver extends StandIn {
  /** Requests with a valid signature, first per idempotency key. */
  accepted: RecordedRequest[];
}

export async function startWebhookReceiver(secret: string | undefined): Promise<WebhookReceiver> {
  const accepted: RecordedRequest[] = [];
  const standIn = await startStandIn((request) => {
    if (secret !== undefined) {
      const valid = verifyWebhookSignature({
        secret,
        body: request.body,
        timestamp: header(request, 'x-socbot-timestamp'),
        signature: header(request, 'x-socbot-signature'),
      });
      if (!valid) return { status: 401, body: { error: 'bad signature' } };
    }
    const key = header(request, 'idempotency-key');
    const earlier = accepted.findIndex((other) => header(other, 'idempotency-key') === key);
    if (earlier >= 0) return { status: 200, body: { id: `T-${earlier + 1}`, existing: true } };
    accepted.push(request);
    return { status: 200, body: { id: `T-${accepted.length}` } };
  });
  return Object.assign(standIn, { accepted });
}

export function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
