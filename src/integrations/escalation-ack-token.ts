import { createHash } from 'node:crypto';
import { checkSignedToken, createSignedToken, type AckTokenCheck, type AckTokenClock } from './ack-token';

/** Path of the escalation acknowledge route (src/channels/escalation-ack). */
export const ESCALATION_ACK_PATH = '/api/escalation/ack';

/**
 * The short, stable name of one recipient in an acknowledge link (`r=`): 8 base64url characters of
 * the SHA-256 of the recipient's id (`leads:sms:+4915123456789`, `exec:email`). Short, because an
 * SMS has 320 characters; opaque, so a forwarded link shows no phone number. The route resolves it
 * against the recipients configured now: a link of a recipient taken out of the configuration
 * stops working.
 *
 * @example
 *   recipientTag('exec:sms:+4915123456789'); // 'q7ZL3x0a'
 */
export function recipientTag(recipient: string): string {
  return createHash('sha256').update(recipient).digest('base64url').slice(0, 8);
}

/**
 * The link a lead or executive opens to acknowledge an escalated alert: its token signs the
 * purpose (`escalation.ack`, so a Basis link cannot stop an escalation), the alert, the recipient
 * and the issue time (the link lives BASIS_ACK_TTL_HOURS).
 *
 * @example
 *   escalationAckUrl('https://socbot.example.com', 'SOC-2026-0001', 'exec:sms:+4915123456789', secret, at);
 *   // 'https://socbot.example.com/api/escalation/ack?ref=SOC-2026-0001&r=q7ZL3x0a&token=tnx1kw.…'
 */
export function escalationAckUrl(
  publicBaseUrl: string,
  ref: string,
  recipient: string,
  secret: string,
  issuedAt: Date = new Date(),
): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const tag = recipientTag(recipient);
  const token = createSignedToken(subjectOf(ref, tag), secret, issuedAt);
  return `${base}${ESCALATION_ACK_PATH}?ref=${encodeURIComponent(ref)}&r=${tag}&token=${encodeURIComponent(token)}`;
}

/**
 * Checks an escalation link's token for this alert and recipient tag; constant-time.
 *
 * @example
 *   checkEscalationAckToken(ref, tag, token, secret, { now: new Date(), ttlHours: 72 }); // 'valid'
 */
export function checkEscalationAckToken(
  ref: string,
  tag: string,
  token: string | undefined,
  secret: string,
  clock: AckTokenClock,
): AckTokenCheck {
  return checkSignedToken(subjectOf(ref, tag), token, secret, clock);
}

function subjectOf(ref: string, tag: string): string {
  return `escalation.ack:${ref}:${tag}`;
}
