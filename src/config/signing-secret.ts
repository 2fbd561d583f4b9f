import { z } from 'zod';

/** Shortest accepted shared secret: 16 random characters carry 96+ bits. */
export const MIN_SECRET_CHARS = 16;

/** How to make a good secret, appended to every "too short" message. */
export const SECRET_ADVICE = `use at least ${MIN_SECRET_CHARS} random characters (\`openssl rand -hex 32\`)`;

/**
 * The one rule for a shared secret that signs or admits requests (WEBCHAT_SECRET,
 * SIEM_WEBHOOK_SECRET, BASIS_ACK_SECRET, WEBHOOK_SECRET, BLOCK_WEBHOOK_SECRET): empty means "not
 * set", anything else must be long enough not to be guessed offline from one signed request.
 *
 * @example
 *   z.object({ SIEM_WEBHOOK_SECRET: optionalSecret }).parse({}); // { SIEM_WEBHOOK_SECRET: '' }
 */
export const optionalSecret = z
  .string()
  .trim()
  .default('')
  .refine((value) => value === '' || value.length >= MIN_SECRET_CHARS, {
    message: `too short; ${SECRET_ADVICE}`,
  });
