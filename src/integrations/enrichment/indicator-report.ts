import type { IntegrationFailureKind } from '../integration-error';

/**
 * What the enrichment sources say about one indicator (an IP, a domain, a URL, a file hash). These
 * types are the contract between the enrichment service (src/integrations/enrichment/) and whoever
 * shows the answer (the chat skill, the SIEM card, the late-result job).
 */
export type IndicatorKind = 'ip' | 'domain' | 'url' | 'hash';

/** One indicator; `value` is already refanged and normalised (lower-case domain, no trailing dot). */
export interface Indicator {
  kind: IndicatorKind;
  value: string;
}

/** The sources socbot can ask, in the fixed order reports list them (see ENRICHMENT_SOURCES). */
export type EnrichmentSource = 'virustotal' | 'abuseipdb' | 'greynoise' | 'shodan' | 'misp';

/**
 * One source's verdict. `no-data` (never seen, not observed, zero engines) is never `harmless`:
 * the rules are in overall-verdict.ts.
 */
export type SourceVerdict = 'malicious' | 'suspicious' | 'harmless' | 'no-data';

/** One fact a source reported, for people, e.g. `{ label: 'AS owner', value: 'GOOGLE' }`. */
export interface SourceFact {
  label: string;
  value: string;
}

/**
 * One source's answer for one indicator:
 * - `answered`: the source answered (its verdict may be `no-data`); cached for ENRICHMENT_CACHE_MINUTES;
 * - `not-applicable`: the source does not cover this kind (e.g. AbuseIPDB for a hash);
 * - `rate-limited`: socbot's own limit or the service's 429; ask again after `retryAfterMs`;
 * - `failed`: the call failed; `reason` says what to fix (never a secret, never the service's words).
 */
export type SourceReport =
  | {
      source: EnrichmentSource;
      status: 'answered';
      verdict: SourceVerdict;
      facts: SourceFact[];
      link?: string;
    }
  | { source: EnrichmentSource; status: 'not-applicable' }
  | { source: EnrichmentSource; status: 'rate-limited'; retryAfterMs: number }
  | { source: EnrichmentSource; status: 'failed'; reason: string; kind: IntegrationFailureKind };

/** A source's answer (the report a provider returns and the cache keeps). */
export type AnsweredReport = Extract<SourceReport, { status: 'answered' }>;

/** Everything socbot knows about one indicator, for one card. */
export interface IndicatorReport {
  indicator: Indicator;
  /** One per configured source, in the fixed order of ENRICHMENT_SOURCES. */
  sources: SourceReport[];
  /** The sources without a key in this deployment. */
  notConfigured: EnrichmentSource[];
  /** The combined verdict and one line saying why (overall-verdict.ts). */
  overall: { verdict: 'malicious' | 'suspicious' | 'harmless' | 'no-data' | 'incomplete'; line: string };
  /** ISO time of the oldest cached answer used (now, when every answer is fresh). */
  lookedUpAt: string;
}
