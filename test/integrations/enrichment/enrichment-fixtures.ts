import type {
  EnrichmentConfig,
  EnrichmentSourceConfig,
} from '../../../src/integrations/enrichment/enrichment-config';
import {
  createEnrichmentService,
  type EnrichmentService,
} from '../../../src/integrations/enrichment/enrichment-service';
import type {
  EnrichmentSource,
  Indicator,
  SourceReport,
} from '../../../src/integrations/enrichment/indicator-report';
import type { Logger } from '../../../src/logger';
import { TEST_TIMEOUT_MS } from '../fixtures';

/** Generous, so provider tests never meet socbot's own rate limit. */
export const UNLIMITED = 10_000;

/** An enrichment service over the given sources (stand-in URLs), with a 1 s call deadline. */
export function enrichmentService(
  sources: Partial<
    Record<EnrichmentSource, Partial<EnrichmentSourceConfig> & { url: string; apiKey: string }>
  >,
  deps: { logger: Logger; now?: () => Date },
  cacheMinutes = 60,
): EnrichmentService {
  const config: EnrichmentConfig = { sources: {}, cacheMinutes, timeoutMs: TEST_TIMEOUT_MS };
  for (const name of Object.keys(sources) as EnrichmentSource[]) {
    const source = sources[name];
    if (source) config.sources[name] = { ...source, ratePerMinute: source.ratePerMinute ?? UNLIMITED };
  }
  return createEnrichmentService(config, deps);
}

/** One source's report of a look-up (fails the test when the source is missing). */
export async function reportOf(
  service: EnrichmentService,
  source: EnrichmentSource,
  indicator: Indicator,
  signal: AbortSignal = new AbortController().signal,
): Promise<SourceReport> {
  const report = await service.lookup(indicator, { signal });
  const found = report.sources.find((candidate) => candidate.source === source);
  if (!found) throw new Error(`no report of ${source} in ${JSON.stringify(report.sources)}`);
  return found;
}

export const IP: Indicator = { kind: 'ip', value: '185.220.101.4' };
export const DOMAIN: Indicator = { kind: 'domain', value: 'evil.example' };
export const URL_INDICATOR: Indicator = {
  kind: 'url',
  value: 'https://evil.example/login?next=/a b&x=ü#frag',
};
export const HASH: Indicator = { kind: 'hash', value: '44d88612fea8a8f36de82e1278abb02f' };
