import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '../../integrations';

/** Default tolerance between the signed timestamp and the server's clock, either way. */
export const DEFAULT_MAX_SKEW_SECONDS = 300;

/** Why a delivery's signature was refused; each has its own fix. */
export type SignatureRefusal =
  'missing-timestamp' | 'missing-signature' | 'malformed-timestamp' | 'stale' | 'future' | 'mismatch';

/** The outcome of {@link checkSiemSignature}; `message` tells the SIEM's administrator what to fix. */
export type SignatureCheck = { ok: true } | { ok: false; refusal: SignatureRefusal; message: string };

const SCHEME = `${SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with SIEM_WEBHOOK_SECRET>`;

/**
 * The checks that need no body: both headers present, the timestamp well-formed and within
 * `maxSkewSeconds` of `now` either way. Run before the body is read, so an unsigned or replayed
 * request costs nothing.
 *
 * @example
 *   checkSignatureHeaders({ timestamp: undefined, signature: 'sha256=…', maxSkewSeconds: 300, now: new Date() });
 *   // { ok: false, refusal: 'missing-timestamp', message: 'X-Socbot-Timestamp is missing. …' }
 */
export function checkSignatureHeaders(input: {
  timestamp: string | undefined;
  signature: string | undefined;
  maxSkewSeconds: number;
  now: Date;
}): SignatureCheck {
  const { timestamp, signature, maxSkewSeconds, now } = input;
  if (!timestamp) {
    return refuse(
      'missing-timestamp',
      `${TIMESTAMP_HEADER} is missing. Send the Unix time in seconds you signed at, and ${SCHEME}.`,
    );
  }
  if (!signature) {
    return refuse('missing-signature', `${SIGNATURE_HEADER} is missing. Send ${SCHEME}.`);
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return refuse(
      'malformed-timestamp',
      `${TIMESTAMP_HEADER} must be the Unix time in whole seconds (e.g. the output of \`date +%s\`).`,
    );
  }
  const ageSeconds = Math.round(now.getTime() / 1000 - Number(timestamp));
  if (ageSeconds > maxSkewSeconds) {
    return refuse(
      'stale',
      `${TIMESTAMP_HEADER} is ${ageSeconds} s old, more than the ${maxSkewSeconds} s allowed: refused as a possible replay. Sign each delivery when you send it, and keep the SIEM's clock in sync (NTP).`,
    );
  }
  if (-ageSeconds > maxSkewSeconds) {
    return refuse(
      'future',
      `${TIMESTAMP_HEADER} is ${-ageSeconds} s in the future, more than the ${maxSkewSeconds} s allowed. Keep the SIEM's clock in sync (NTP).`,
    );
  }
  return { ok: true };
}

/**
 * Checks a SIEM delivery's `X-Socbot-Timestamp` / `X-Socbot-Signature` headers over the raw body
 * bytes: {@link checkSignatureHeaders}, then the HMAC in constant time. The scheme is the one
 * socbot's own outbound webhooks use (src/integrations/webhook-signature.ts), so one signing
 * snippet serves both directions. Messages never contain the expected signature.
 *
 * @example
 *   checkSiemSignature({ secret, rawBody, timestamp: '1795000000', signature: 'sha256=9f…', maxSkewSeconds: 300, now: new Date() });
 *   // { ok: false, refusal: 'mismatch', message: 'X-Socbot-Signature does not match the body. …' }
 */
export function checkSiemSignature(input: {
  secret: string;
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  maxSkewSeconds: number;
  now: Date;
}): SignatureCheck {
  const headers = checkSignatureHeaders(input);
  if (!headers.ok) return headers;
  const valid = verifyWebhookSignature({
    secret: input.secret,
    body: input.rawBody.toString('utf8'),
    timestamp: input.timestamp,
    signature: input.signature,
    maxAgeSeconds: input.maxSkewSeconds,
    now: input.now,
  });
  if (!valid) {
    return refuse(
      'mismatch',
      `${SIGNATURE_HEADER} does not match the body. Sign exactly the bytes you send, as ${SCHEME}, with the same secret as socbot's SIEM_WEBHOOK_SECRET.`,
    );
  }
  return { ok: true };
}

function refuse(refusal: SignatureRefusal, message: string): SignatureCheck {
  return { ok: false, refusal, message };
}
