import { keyHash } from '../integrations/idempotency-key';

/** Characters allowed in an idempotency key (the integrations refuse anything else). */
const KEY_UNSAFE = /[^A-Za-z0-9._:-]/g;
const MAX_KEY_PART = 40;
/** The providers' limit on a whole key (see checkIdempotencyKey). */
const MAX_KEY = 128;

/**
 * The idempotency key of a side effect: the alert, the operation and its target, so the same request
 * confirmed twice, or sent again by a SIEM, has one effect. Parts are reduced to the characters every
 * provider accepts.
 *
 * @example
 *   idempotencyKeyOf('SOC-2026-0001', 'block.webhook', 'PC-0815', 'DDIC'); // 'SOC-2026-0001:block.webhook:PC-0815:DDIC'
 */
export function idempotencyKeyOf(alertRef: string, operation: string, ...targets: string[]): string {
  const part = (value: string): string => value.replace(KEY_UNSAFE, '_').slice(0, MAX_KEY_PART) || '_';
  const key = [alertRef, operation, ...targets].map(part).join(':');
  if (key.length <= MAX_KEY) return key;
  // Too long for the providers: a prefix that stays readable plus a digest of the whole key.
  return `${key.slice(0, MAX_KEY - 17)}:${keyHash(key)}`;
}
