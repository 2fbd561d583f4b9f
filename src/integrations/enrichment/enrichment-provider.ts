import type { Logger } from '../../logger';
import type { AnsweredReport, EnrichmentSource, Indicator, IndicatorKind } from './indicator-report';

/**
 * One enrichment source. `lookup` is one attempt: it answers (a `no-data` verdict included) or
 * fails with a coded `IntegrationError` (auth, rate-limited with `retryAfterMs`, unavailable,
 * invalid-response …). Turning failures into `failed` / `rate-limited` reports is the enrichment
 * service's job, as is never calling a provider for a kind it does not cover.
 *
 * @example
 *   const vt = createVirusTotalProvider({ url, apiKey, timeoutMs, logger });
 *   if (vt.kinds.includes('ip')) await vt.lookup({ kind: 'ip', value: '8.8.8.8' }, { signal });
 */
export interface EnrichmentProvider {
  readonly source: EnrichmentSource;
  /** The indicator kinds this source covers; others are `not-applicable`. */
  readonly kinds: readonly IndicatorKind[];
  lookup(indicator: Indicator, ctx: { signal: AbortSignal }): Promise<AnsweredReport>;
}

/** What every provider is built from (its URL and key variables, INTEGRATION_TIMEOUT_MS). */
export interface EnrichmentProviderOptions {
  /** The API's base URL (VIRUSTOTAL_URL …; a stand-in in tests). */
  url: string;
  /** A secret: never logged, never in a message. */
  apiKey: string;
  timeoutMs: number;
  logger: Logger;
}
