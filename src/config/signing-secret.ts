import { z } from 'zod';

/** Shortest accepted shared secret: 16 random characters carry 96+ bits. */
export const MIN_SECRET_CHARS = 16;

/** How to make a good secret, appended to every "too short" message. */
export const SECRET_ADVICE = `use at least ${MIN_SECRET_CHARS} random characters (\`openssl rand -hex 32\`)`;

/**
 * The one rule for a shared secret that signs or admits requests: empty means "not set", anything
 * else must be long enough not to be guessed offline from one signed request. The zod schema below
 * applies it to WEBCHAT_SECRET and SIEM_WEBHOOK_SECRET; integration-config.ts's checker to
 * BASIS_ACK_SECRET, WEBHOOK_SECRET and BLOCK_WEBHOOK_SECRET.
 */
export function isAcceptableSecret(value: string): boolean {
  return value === '' || value.length >= MIN_SECRET_CHARS;
}

/**
 * A secret variable read by zod: trimmed, '' when unset, refused when too short.
 *
 * @example
 *   z.object({ SIEM_WEBHOOK_SECRET: optionalSecret }).parse({}); // { SIEM_WEBHOOK_SECRET: '' }
 */
export const optionalSecret = z
  .string()
  .trim()
  .default('')
  .refine(isAcceptableSecret, {
    message: `too short; ${SECRET_ADVICE}`,
  });
