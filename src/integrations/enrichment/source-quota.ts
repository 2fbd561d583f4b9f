import { RateLimiter } from 'limiter';
import type { EnrichmentSource } from './indicator-report';

/** Whether one call to a source may be made now; when not, how long until it may. */
export type QuotaAnswer = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A source's *_RATE_PER_MINUTE: each call takes one unit first; a call without one is not made.
 * In this process ({@link tokenBucketQuota}, the embedded default) or shared by every replica in
 * PostgreSQL (src/store/postgres/pg-source-quota.ts): a provider's quota is per API key, so two
 * replicas with a bucket each would spend it twice over.
 *
 * @example
 *   const answer = await quota.take(); // { allowed: false, retryAfterMs: 12000 }
 */
export interface SourceQuota {
  take(): Promise<QuotaAnswer>;
}

/** Makes the quota of one source from its calls per minute. */
export type SourceQuotaFactory = (source: EnrichmentSource, ratePerMinute: number) => SourceQuota;

/**
 * The quota in this process: a token bucket of `ratePerMinute` tokens refilled over a minute
 * (the `limiter` package), as socbot always had.
 *
 * @example
 *   const quota = tokenBucketQuota('virustotal', 4);
 */
export const tokenBucketQuota: SourceQuotaFactory = (_source, ratePerMinute) => {
  const limiter = new RateLimiter({ tokensPerInterval: ratePerMinute, interval: 'minute' });
  return {
    async take() {
      if (limiter.tryRemoveTokens(1)) return { allowed: true };
      return { allowed: false, retryAfterMs: Math.max(1, limiter.getWaitTime(1)) };
    },
  };
};
