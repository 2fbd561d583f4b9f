import { createHmac, timingSafeEqual } from 'node:crypto';

/** Path of the acknowledge route (wired in src/channels/). */
export const ACK_PATH = '/api/basis/ack';

/**
 * The token in an acknowledge link: HMAC-SHA256 of the alert reference with BASIS_ACK_SECRET,
 * base64url. Whoever holds the link can acknowledge that one alert, nothing else; the token does
 * not expire (a notice may be read days later) and reveals nothing about the secret.
 *
 * @example
 *   createAckToken('SOC-2026-0001', secret); // 'kq3…' (43 characters)
 */
export function createAckToken(ref: string, secret: string): string {
  return createHmac('sha256', secret).update(`basis.ack:${ref}`).digest('base64url');
}

/**
 * True when `token` was made by `createAckToken(ref, secret)`; constant-time. The secret is
 * `config.integrations.basisAckSecret`, checked once where the configuration is loaded; an empty one
 * verifies nothing.
 *
 * @example
 *   verifyAckToken(ref, req.query.token, secret) ? acknowledge(ref) : reply401();
 */
export function verifyAckToken(ref: string, token: string | undefined, secret: string): boolean {
  // No secret (acknowledge links off) is no key: an HMAC of an empty key is anyone's to compute.
  if (!token || secret === '') return false;
  const expected = Buffer.from(createAckToken(ref, secret));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The link a Basis engineer clicks to acknowledge an alert (in e-mails and webhook cards).
 *
 * @example
 *   ackUrl('https://socbot.example.com', 'SOC-2026-0001', secret);
 *   // 'https://socbot.example.com/api/basis/ack?ref=SOC-2026-0001&token=kq3…'
 */
export function ackUrl(publicBaseUrl: string, ref: string, secret: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return `${base}${ACK_PATH}?ref=${encodeURIComponent(ref)}&token=${encodeURIComponent(createAckToken(ref, secret))}`;
}
