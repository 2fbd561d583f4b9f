import { LRUCache } from 'lru-cache';
import type { Logger } from '../../logger';
import { createAbuseIpdbProvider } from './abuseipdb-provider';
import type { EnrichmentConfig, EnrichmentSourceConfig } from './enrichment-config';
import type { EnrichmentProvider, EnrichmentProviderOptions } from './enrichment-provider';
import { ENRICHMENT_SOURCES } from './enrichment-sources';
import { abortedReport, failureReport } from './failure-report';
import { createGreyNoiseProvider } from './greynoise-provider';
import type {
  AnsweredReport,
  EnrichmentSource,
  Indicator,
  IndicatorReport,
  SourceReport,
} from './indicator-report';
import { createMispProvider } from './misp-provider';
import { overallVerdict } from './overall-verdict';
import { createSharedCalls } from './shared-calls';
import { createShodanProvider } from './shodan-provider';
import { tokenBucketQuota, type SourceQuota, type SourceQuotaFactory } from './source-quota';
import { createVirusTotalProvider } from './virustotal-provider';

/** Source answers kept at most (per source and indicator); the oldest unused go first. */
export const ENRICHMENT_CACHE_ENTRIES = 5000;

/** What the enrichment service answers; the chat skill, the SIEM intake and the late-result job use it. */
export interface EnrichmentService {
  /** The configured sources, in the fixed order. */
  readonly sources: EnrichmentSource[];
  /** The sources without a key here. */
  readonly notConfigured: EnrichmentSource[];
  /**
   * Every configured source's answer about one indicator, asked in parallel. Never throws for a
   * source's failure (its report is `failed` or `rate-limited`); `only` asks just those sources
   * again, past the cache, and takes the others' cached answers (a source with none is asked too).
   */
  lookup(
    indicator: Indicator,
    opts: { signal: AbortSignal; only?: EnrichmentSource[] },
  ): Promise<IndicatorReport>;
}

/** What the service needs besides its configuration. */
export interface EnrichmentDeps {
  logger: Logger;
  /** The clock of the cache and of a 429's wait (tests move it). */
  now?: () => Date;
  /** Each source's calls-per-minute quota; absent: a token bucket in this process. Replicas share one. */
  quotas?: SourceQuotaFactory;
}

interface CachedAnswer {
  report: AnsweredReport;
  /** When the source answered (epoch ms). */
  at: number;
}

interface Source {
  provider: EnrichmentProvider;
  /** SOURCE_RATE_PER_MINUTE: a call without a token is not made. */
  quota: SourceQuota;
  /** After the service's own 429: no call before this time (epoch ms). */
  blockedUntil: number;
}

const PROVIDERS: Record<EnrichmentSource, (options: EnrichmentProviderOptions) => EnrichmentProvider> = {
  virustotal: createVirusTotalProvider,
  abuseipdb: createAbuseIpdbProvider,
  greynoise: createGreyNoiseProvider,
  shodan: createShodanProvider,
  misp: createMispProvider,
};

/**
 * The enrichment service over the configured sources. Each source's answer is cached per
 * indicator for ENRICHMENT_CACHE_MINUTES (five analysts asking cost one call), identical calls in
 * flight share one call, and each source has a token bucket of *_RATE_PER_MINUTE calls: without a
 * token, or while the service's own 429 lasts, the source is `rate-limited` with the wait and is
 * not called. Failures and rate limits are never cached.
 *
 * @example
 *   const enrichment = createEnrichmentService(config.integrations.enrichment, { logger });
 *   const report = await enrichment.lookup({ kind: 'ip', value: '185.220.101.4' }, { signal });
 *   report.overall.line; // 'Malicious according to VirusTotal and AbuseIPDB.'
 */
export function createEnrichmentService(config: EnrichmentConfig, deps: EnrichmentDeps): EnrichmentService {
  const now = deps.now ?? (() => new Date());
  const configured = ENRICHMENT_SOURCES.filter((source) => config.sources[source] !== undefined);
  const notConfigured = ENRICHMENT_SOURCES.filter((source) => config.sources[source] === undefined);
  const sources = new Map<EnrichmentSource, Source>();
  const quotaOf = deps.quotas ?? tokenBucketQuota;
  for (const name of configured) {
    const settings = config.sources[name] as EnrichmentSourceConfig;
    sources.set(name, {
      provider: PROVIDERS[name]({
        url: settings.url,
        apiKey: settings.apiKey,
        timeoutMs: config.timeoutMs,
        logger: deps.logger,
      }),
      quota: quotaOf(name, settings.ratePerMinute),
      blockedUntil: 0,
    });
  }
  const cache = new LRUCache<string, CachedAnswer>({
    max: ENRICHMENT_CACHE_ENTRIES,
    ttl: config.cacheMinutes * 60_000,
    // Read the clock on every access, so a moved test clock (and a long-lived process) is exact.
    ttlResolution: 0,
    perf: { now: () => now().getTime() },
  });
  const calls = createSharedCalls<SourceReport>();

  /** One real call: token first, then the provider; an answer is cached, anything else is not. */
  const call = async (
    source: Source,
    indicator: Indicator,
    key: string,
    signal: AbortSignal,
  ): Promise<SourceReport> => {
    const name = source.provider.source;
    const blockedFor = source.blockedUntil - now().getTime();
    if (blockedFor > 0) return { source: name, status: 'rate-limited', retryAfterMs: blockedFor };
    const quota = await source.quota.take();
    if (!quota.allowed) {
      const { retryAfterMs } = quota;
      deps.logger.info({ source: name, retryAfterMs }, 'enrichment source rate limit reached; not called');
      return { source: name, status: 'rate-limited', retryAfterMs };
    }
    try {
      const report = await source.provider.lookup(indicator, { signal });
      cache.set(key, { report, at: now().getTime() });
      return report;
    } catch (error) {
      const report = failureReport(name, error);
      if (report.status === 'rate-limited') {
        // The service's own limit is stricter than ours: nobody calls it before its wait is over.
        source.blockedUntil = now().getTime() + report.retryAfterMs;
      }
      return report;
    }
  };

  return {
    sources: configured,
    notConfigured,
    async lookup(indicator, opts) {
      const used: number[] = [];
      const reports = await Promise.all(
        configured.map(async (name): Promise<SourceReport> => {
          const source = sources.get(name) as Source;
          if (!source.provider.kinds.includes(indicator.kind))
            return { source: name, status: 'not-applicable' };
          const key = cacheKey(name, indicator);
          const cached = opts.only?.includes(name) ? undefined : cache.get(key);
          if (cached) {
            used.push(cached.at);
            return cached.report;
          }
          const report = await calls.join(
            key,
            opts.signal,
            (shared) => call(source, indicator, key, shared),
            () => abortedReport(name),
          );
          if (report.status === 'answered') used.push(cache.get(key)?.at ?? now().getTime());
          return report;
        }),
      );
      const lookedUpAt = new Date(used.length > 0 ? Math.min(...used) : now().getTime()).toISOString();
      deps.logger.debug(
        { kind: indicator.kind, sources: reports.map((report) => `${report.source}:${report.status}`) },
        'enrichment look-up',
      );
      return {
        indicator,
        // Copies: what one caller does with its report never changes the cached or shared answer.
        sources: structuredClone(reports),
        notConfigured: [...notConfigured],
        overall: overallVerdict(reports),
        lookedUpAt,
      };
    },
  };
}

function cacheKey(source: EnrichmentSource, indicator: Indicator): string {
  return `${source}\u0000${indicator.kind}\u0000${indicator.value}`;
}
