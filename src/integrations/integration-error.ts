import { SocbotError } from '../errors';

/** What went wrong with an outbound call, for logs and for the outbox's retry decision. */
export type IntegrationFailureKind =
  /** 401/403: credentials or permissions; retrying will not help until someone fixes configuration. */
  | 'auth'
  /** 429, or 503 with Retry-After: the service asked us to slow down. */
  | 'rate-limited'
  /** 5xx: the service failed; it may work on the next attempt. */
  | 'unavailable'
  /** No answer within the configured timeout. */
  | 'timeout'
  /** Connection refused, reset, DNS: the service could not be reached. */
  | 'network'
  /** The caller's AbortSignal fired (shutdown); the call may be attempted again later. */
  | 'aborted'
  /** Another 4xx: the service refused this request as it is; sending it again will not help. */
  | 'rejected'
  /** The thing to act on does not exist (e.g. no SCIM user with that userName). */
  | 'not-found'
  /** The service answered 2xx but not in the shape its API documents. */
  | 'invalid-response';

/** The fields of an IntegrationError besides its message. */
export interface IntegrationErrorOptions {
  /** The provider, e.g. `servicenow`, `scim`, `basis-email`. */
  service: string;
  kind: IntegrationFailureKind;
  retryable: boolean;
  /** The HTTP status (or SMTP reply code) when the service answered. */
  status?: number;
  /** From a 429/503 `Retry-After` header: wait at least this long before the next attempt. */
  retryAfterMs?: number;
  /**
   * What the service said in its error answer, scrubbed of secrets: for the log only, never for a
   * chat reply, the outbox or the audit trail (a service may echo the request, credentials included).
   */
  serviceAnswer?: string;
}

/**
 * A failed provider operation. The outbox branches on `retryable` (and waits `retryAfterMs` when
 * set); people read `message`, which says what failed and how to fix it, never contains a secret
 * and never quotes the service (its answer is in `serviceAnswer`, for the log).
 *
 * @example
 *   try { await ticketing.createTicket(alert, ctx); }
 *   catch (error) {
 *     if (error instanceof IntegrationError && error.retryable) scheduleRetry(error.retryAfterMs ?? backoff());
 *     else giveUpLoudly(error);
 *   }
 */
export class IntegrationError extends SocbotError {
  override readonly code = 'INTEGRATION_FAILED' as const;
  readonly service: string;
  readonly kind: IntegrationFailureKind;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** The service's own words, for the log only (see IntegrationErrorOptions.serviceAnswer). */
  readonly serviceAnswer: string | undefined;

  constructor(message: string, options: IntegrationErrorOptions) {
    // No `cause`: library errors (axios, nodemailer) carry request headers with credentials, and a
    // log serializer would print them. Everything useful is copied into the fields instead.
    super('INTEGRATION_FAILED', message, {
      service: options.service,
      kind: options.kind,
      retryable: options.retryable,
      ...(options.status !== undefined ? { status: options.status } : {}),
      ...(options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}),
    });
    this.name = 'IntegrationError';
    this.service = options.service;
    this.kind = options.kind;
    this.retryable = options.retryable;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    // Not in `details` nor enumerable: whatever serializes the error for people or files skips it.
    Object.defineProperty(this, 'serviceAnswer', { value: options.serviceAnswer, enumerable: false });
  }
}

/** True for an IntegrationError the outbox should attempt again. */
export function isRetryableIntegrationError(error: unknown): error is IntegrationError {
  return error instanceof IntegrationError && error.retryable;
}
