import { IntegrationError } from '../integration-error';
import { SOURCE_NAMES } from './enrichment-sources';
import type { EnrichmentSource } from './indicator-report';

/**
 * The failure of a job attempt that waits for rate-limiting sources: retryable after the longest
 * wait they asked for, so the outbox asks again then (across restarts too).
 *
 * @example
 *   throw stillRateLimited({ sources: ['virustotal'], waitMs: 15_000 });
 */
export function stillRateLimited(limited: {
  sources: readonly EnrichmentSource[];
  waitMs: number;
}): IntegrationError {
  const names = limited.sources.map((source) => SOURCE_NAMES[source]).join(' and ');
  return new IntegrationError(`${names} still rate-limiting us; socbot asks again when the wait is over.`, {
    service: limited.sources[0] ?? 'enrichment',
    kind: 'rate-limited',
    retryable: true,
    retryAfterMs: limited.waitMs,
  });
}
