import { z } from 'zod';
import { configInvalid, problemsOf } from '../config/config-problems';

/**
 * Timing of side effects, from the environment:
 * - SOCBOT_ACK_WAIT_MS (default 3000): how long a turn waits for its side effects before it answers
 *   "on it, I'll report back". Teams gives a bot about 15 s per request, so a few seconds leave room
 *   for the rest of the turn; the result of a slower system arrives as a proactive message.
 * - SOCBOT_OUTBOX_MAX_ATTEMPTS (default 6) and SOCBOT_OUTBOX_JOB_TIMEOUT_MS (default 30000): the
 *   outbox's retry budget and the bound on one attempt.
 */
const SettingsSchema = z.object({
  SOCBOT_ACK_WAIT_MS: z.coerce.number().int().min(0).max(14_000).default(3000),
  SOCBOT_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(6),
  SOCBOT_OUTBOX_JOB_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
});

/** The validated side-effect timing (the `sideEffects` section of the configuration). */
export interface AppSettings {
  readonly ackWindowMs: number;
  readonly maxAttempts: number;
  readonly jobTimeoutMs: number;
}

/**
 * Reads the side-effect timing; throws CONFIG_INVALID naming each bad variable.
 *
 * @example
 *   loadAppSettings({ SOCBOT_ACK_WAIT_MS: '500' }).ackWindowMs; // 500
 */
export function loadAppSettings(env: NodeJS.ProcessEnv): AppSettings {
  const parsed = SettingsSchema.safeParse(env);
  if (!parsed.success) throw configInvalid('side-effect timing', problemsOf(parsed.error));
  return {
    ackWindowMs: parsed.data.SOCBOT_ACK_WAIT_MS,
    maxAttempts: parsed.data.SOCBOT_OUTBOX_MAX_ATTEMPTS,
    jobTimeoutMs: parsed.data.SOCBOT_OUTBOX_JOB_TIMEOUT_MS,
  };
}
