import { createHash } from 'node:crypto';
import { IntegrationError } from './integration-error';

/** Keys are made by socbot (outbox job IDs); this shape is safe in every query language used. */
const KEY_SHAPE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Checks an idempotency key before it goes into a ServiceNow encoded query, a JQL label or a
 * header: a key outside `[A-Za-z0-9._:-]{1,128}` is a programming error, refused without a call.
 *
 * @example
 *   checkIdempotencyKey('ticket:SOC-2026-0001', 'servicenow'); // returns the key
 */
export function checkIdempotencyKey(key: string, service: string): string {
  if (!KEY_SHAPE.test(key)) {
    throw new IntegrationError(
      `${service}: the idempotency key must be 1-128 letters, digits or ._:- characters; this is a bug in the caller.`,
      { service, kind: 'rejected', retryable: false },
    );
  }
  return key;
}

/**
 * A short, label-safe digest of an idempotency key (Jira labels allow no spaces and are limited
 * in length): first 16 hex characters of SHA-256.
 *
 * @example
 *   keyHash('ticket:SOC-2026-0001'); // '3b9f…' (16 hex characters)
 */
export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
