import { IntegrationError } from '../integration-error';
import type { EnrichmentSource, SourceReport } from './indicator-report';

/** How long to wait after a 429 that named no Retry-After (VirusTotal's quota is per minute). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * A provider's failure as its source report: the service's 429 is `rate-limited` with its
 * Retry-After, any other coded failure is `failed` with the error's message (it says what to fix
 * and never quotes the service). Anything that is not an IntegrationError is a bug and is thrown
 * on, not hidden in a report.
 *
 * @example
 *   failureReport('virustotal', error); // { source: 'virustotal', status: 'rate-limited', retryAfterMs: 30000 }
 */
export function failureReport(source: EnrichmentSource, error: unknown): SourceReport {
  if (!(error instanceof IntegrationError)) throw error;
  if (error.kind === 'rate-limited') {
    return { source, status: 'rate-limited', retryAfterMs: error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS };
  }
  return { source, status: 'failed', reason: error.message, kind: error.kind };
}

/**
 * The report of a caller that stopped waiting (its signal fired) while the call went on for others.
 *
 * @example
 *   abortedReport('shodan'); // { status: 'failed', kind: 'aborted', … }
 */
export function abortedReport(source: EnrichmentSource): SourceReport {
  return {
    source,
    status: 'failed',
    kind: 'aborted',
    reason: 'The look-up was cancelled before the source answered; ask again.',
  };
}
