import type { JobError, JsonValue } from './outbox-job';

/** A failed attempt, reduced to what the outbox decides on and stores. */
export interface JobFailure extends JobError {
  retryable: boolean;
  retryAfterMs?: number;
  /** What the attempt had done before it failed, for the next attempt (see JobContext.progress). */
  progress?: JsonValue;
}

/** The longest message kept on a job: enough to tell the analyst, not a whole response body. */
const MAX_MESSAGE_LENGTH = 500;

/**
 * Reads a thrown error the way the integrations shape theirs (a coded error with
 * `retryable: boolean` and optional `retryAfterMs`), without importing their class: any error with
 * those fields is understood.
 *
 * - `retryable: false` → the job fails at once;
 * - anything else, an uncoded error included, is retried: a transient cause (a reset socket, a
 *   timeout) is more likely than a permanent one, and the idempotency key makes a retry safe.
 *
 * The message is cleaned of credentials that error messages of HTTP clients are known to carry
 * (user:password@ in URLs, bearer tokens, token/key/secret query parameters) and shortened.
 *
 * @example
 *   toJobFailure(Object.assign(new Error('HTTP 429'), { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 2000 }))
 *   // → { code: 'RATE_LIMITED', message: 'HTTP 429', retryable: true, retryAfterMs: 2000 }
 */
export function toJobFailure(error: unknown): JobFailure {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof fields.code === 'string' && fields.code !== '' ? fields.code : 'UNEXPECTED_ERROR';
  const retryAfterMs = typeof fields.retryAfterMs === 'number' ? fields.retryAfterMs : undefined;
  return {
    code,
    message: withoutSecrets(message),
    ...(typeof fields.kind === 'string' ? { kind: fields.kind } : {}),
    ...(typeof fields.service === 'string' ? { service: fields.service } : {}),
    retryable: fields.retryable !== false,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(fields.progress !== undefined ? { progress: asJson(fields.progress) } : {}),
  };
}

/** Through JSON once: the progress is stored in outbox.json exactly as it will be read back. */
export function asJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value) ?? 'null') as JsonValue;
}

/** Removes credentials from a message and bounds its length. */
export function withoutSecrets(message: string): string {
  const cleaned = message
    .replace(/(\w+:\/\/)[^/\s:@]+:[^/\s@]+@/g, '$1[redacted]@')
    .replace(/\b(bearer|basic)\s+[\w.~+/=-]+/gi, '$1 [redacted]')
    .replace(
      /([?&;\s"']?(?:token|access_token|api[_-]?key|apikey|secret|password|sig|signature)["']?\s*[=:]\s*["']?)[^&\s"',;]+/gi,
      '$1[redacted]',
    );
  return cleaned.length > MAX_MESSAGE_LENGTH ? `${cleaned.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : cleaned;
}
