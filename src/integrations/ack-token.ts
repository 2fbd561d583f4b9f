import { createHmac, timingSafeEqual } from 'node:crypto';

/** Path of the acknowledge route (wired in src/channels/). */
export const ACK_PATH = '/api/basis/ack';

/** How long an acknowledge link works when BASIS_ACK_TTL_HOURS is not set: three days. */
export const DEFAULT_ACK_TTL_HOURS = 72;

/** What a token check found; `expired` and `invalid` are answered differently (410, 401). */
export type AckTokenCheck = 'valid' | 'expired' | 'invalid';

/** When the check happens and how long a link lives (BASIS_ACK_TTL_HOURS). */
export interface AckTokenClock {
  now: Date;
  ttlHours: number;
}

/**
 * The token in an acknowledge link: `<issued>.<mac>`, the issue time in seconds (base36) and the
 * HMAC-SHA256 of the alert reference and that time with BASIS_ACK_SECRET (base64url). Whoever
 * holds the link can acknowledge that one alert until the link expires, nothing else; changing the
 * issue time breaks the HMAC, and the token reveals nothing about the secret.
 *
 * @example
 *   createAckToken('SOC-2026-0001', secret); // 'tnx1kw.kq3…'
 */
export function createAckToken(ref: string, secret: string, issuedAt: Date = new Date()): string {
  return createSignedToken(`basis.ack:${ref}`, secret, issuedAt);
}

/**
 * An expiring token for `subject` (`<purpose>:<what it names>`): `<issued>.<mac>`, the HMAC-SHA256
 * of the subject and the issue time. The purpose inside the subject keeps a token for one kind
 * of link (a Basis acknowledgement) from working for another (an escalation acknowledgement).
 *
 * @example
 *   createSignedToken('escalation.ack:SOC-2026-0001:Ab3dE5fG', secret); // 'tnx1kw.x9…'
 */
export function createSignedToken(subject: string, secret: string, issuedAt: Date = new Date()): string {
  const issued = Math.floor(issuedAt.getTime() / 1000).toString(36);
  return `${issued}.${mac(`${subject}:${issued}`, secret)}`;
}

/**
 * Checks a token made by {@link createSignedToken} for `subject`; constant-time. An empty secret
 * verifies nothing.
 */
export function checkSignedToken(
  subject: string,
  token: string | undefined,
  secret: string,
  clock: AckTokenClock,
): AckTokenCheck {
  if (!token || secret === '') return 'invalid';
  const dot = token.indexOf('.');
  if (dot < 0) return 'invalid';
  const issued = token.slice(0, dot);
  if (!/^[0-9a-z]{1,11}$/.test(issued)) return 'invalid';
  if (!sameText(token.slice(dot + 1), mac(`${subject}:${issued}`, secret))) return 'invalid';
  const ageMs = clock.now.getTime() - parseInt(issued, 36) * 1000;
  return ageMs <= clock.ttlHours * 3600_000 ? 'valid' : 'expired';
}

/**
 * Checks a link's token against `ref` and its lifetime; constant-time. The secret is
 * `config.integrations.basisAckSecret`, checked once where the configuration is loaded; an empty one
 * verifies nothing. A link from before links expired (a bare HMAC of the ref) answers `expired`
 * when it is genuine, so its holder is told to acknowledge another way.
 *
 * @example
 *   switch (checkAckToken(ref, token, secret, { now: new Date(), ttlHours: 72 })) {
 *     case 'valid': return acknowledge(ref);
 *     case 'expired': return reply410();
 *     case 'invalid': return reply401();
 *   }
 */
export function checkAckToken(
  ref: string,
  token: string | undefined,
  secret: string,
  clock: AckTokenClock,
): AckTokenCheck {
  // No secret (acknowledge links off) is no key: an HMAC of an empty key is anyone's to compute.
  if (!token || secret === '') return 'invalid';
  if (!token.includes('.')) return sameText(token, mac(`basis.ack:${ref}`, secret)) ? 'expired' : 'invalid';
  return checkSignedToken(`basis.ack:${ref}`, token, secret, clock);
}

/**
 * True when `token` was made by `createAckToken(ref, secret)` and has not expired.
 *
 * @example
 *   verifyAckToken(ref, req.query.token, secret) ? acknowledge(ref) : reply401();
 */
export function verifyAckToken(
  ref: string,
  token: string | undefined,
  secret: string,
  clock: AckTokenClock = { now: new Date(), ttlHours: DEFAULT_ACK_TTL_HOURS },
): boolean {
  return checkAckToken(ref, token, secret, clock) === 'valid';
}

/**
 * The link a Basis engineer clicks to acknowledge an alert (in e-mails and webhook cards).
 *
 * @example
 *   ackUrl('https://socbot.example.com', 'SOC-2026-0001', secret);
 *   // 'https://socbot.example.com/api/basis/ack?ref=SOC-2026-0001&token=tnx1kw.kq3…'
 */
export function ackUrl(
  publicBaseUrl: string,
  ref: string,
  secret: string,
  issuedAt: Date = new Date(),
): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const token = createAckToken(ref, secret, issuedAt);
  return `${base}${ACK_PATH}?ref=${encodeURIComponent(ref)}&token=${encodeURIComponent(token)}`;
}

/**
 * How long a link works, in words: "3 days", "36 hours".
 *
 * @example
 *   describeAckLifetime(72); // '3 days'
 */
export function describeAckLifetime(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

function mac(text: string, secret: string): string {
  return createHmac('sha256', secret).update(text).digest('base64url');
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
