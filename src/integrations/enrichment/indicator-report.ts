import type { IntegrationFailureKind } from '../integration-error';

export type IndicatorKind = 'ip' | 'domain' | 'url' | 'hash';
export interface Indicator {
  kind: IndicatorKind;
  value: string;
}
export type EnrichmentSource = 'virustotal' | 'abuseipdb' | 'greynoise' | 'shodan' | 'misp';
export type SourceVerdict = 'malicious' | 'suspicious' | 'harmless' | 'no-data';
export interface SourceFact {
  label: string;
  value: string;
}
export type SourceReport =
  | { source: EnrichmentSource; status: 'answered'; verdict: SourceVerdict; facts: SourceFact[]; link?: string }
  | { source: EnrichmentSource; status: 'not-applicable' }
  | { source: EnrichmentSource; status: 'rate-limited'; retryAfterMs: number }
  | { source: EnrichmentSource; status: 'failed'; reason: string; kind: IntegrationFailureKind };
export interface IndicatorReport {
  indicator: Indicator;
  sources: SourceReport[];
  notConfigured: EnrichmentSource[];
  overall: { verdict: 'malicious' | 'suspicious' | 'harmless' | 'no-data' | 'incomplete'; line: string };
  lookedUpAt: string;
}
export interface EnrichmentService {
  readonly sources: EnrichmentSource[];
  readonly notConfigured: EnrichmentSource[];
  lookup(indicator: Indicator, opts: { signal: AbortSignal; only?: EnrichmentSource[] }): Promise<IndicatorReport>;
}
