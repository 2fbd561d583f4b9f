import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header with the Unix time (seconds) the request was signed at. */
export const TIMESTAMP_HEADER = 'X-Socbot-Timestamp';
/** Header with `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`. */
export const SIGNATURE_HEADER = 'X-Socbot-Signature';

/**
 * Headers that let a receiver prove a webhook came from socbot and was not changed: the HMAC
 * covers the timestamp too, so a receiver can also reject old (replayed) requests.
 *
 * @example
 *   const body = JSON.stringify(payload);
 *   signWebhook(secret, body, new Date());
 *   // { 'X-Socbot-Timestamp': '1795000000', 'X-Socbot-Signature': 'sha256=9f2c…' }
 */
export function signWebhook(secret: string, body: string, now: Date = new Date()): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `sha256=${webhookHmac(secret, timestamp, body)}`,
  };
}

/**
 * What a receiver does (and what socbot's own tests do): recompute and compare in constant time.
 * `maxAgeSeconds` rejects a timestamp too far from `now` in either direction.
 *
 * @example
 *   verifyWebhookSignature({ secret, body: rawBody, timestamp: req.headers['x-socbot-timestamp'],
 *     signature: req.headers['x-socbot-signature'], maxAgeSeconds: 300 }); // true | false
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  maxAgeSeconds?: number;
  now?: Date;
}): boolean {
  const { secret, body, timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  const now = input.now ?? new Date();
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > (input.maxAgeSeconds ?? 300)) return false;
  const expected = Buffer.from(`sha256=${webhookHmac(secret, timestamp, body)}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function webhookHmac(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
