import { z } from 'zod';
import { createHttpClient } from '../http-client';
import type { EnrichmentProvider, EnrichmentProviderOptions } from './enrichment-provider';
import type { SourceFact } from './indicator-report';
import { abuseIpdbVerdict } from './overall-verdict';
import { factValue, readAnswer } from './read-answer';

/** Default ABUSEIPDB_URL. */
export const ABUSEIPDB_DEFAULT_URL = 'https://api.abuseipdb.com';
/** How far back reports count (the API's default is 30; 90 is what SOCs usually look at). */
export const ABUSEIPDB_MAX_AGE_DAYS = 90;

const AbuseIpdbAnswer = z.object({
  data: z.object({
    abuseConfidenceScore: z.number().min(0).max(100),
    totalReports: z.number().int().nonnegative(),
    isWhitelisted: z.boolean().nullish(),
    isp: z.string().nullish(),
    usageType: z.string().nullish(),
    countryCode: z.string().nullish(),
  }),
});

/**
 * AbuseIPDB API v2 `GET /api/v2/check?ipAddress=…&maxAgeInDays=90`, headers `Key` and
 * `Accept: application/json`; IP addresses only. Facts: abuse confidence score, total reports,
 * ISP, usage type, country.
 *
 * @example
 *   const abuse = createAbuseIpdbProvider({ url: ABUSEIPDB_DEFAULT_URL, apiKey, timeoutMs: 10_000, logger });
 *   await abuse.lookup({ kind: 'ip', value: '185.220.101.4' }, { signal });
 */
export function createAbuseIpdbProvider(options: EnrichmentProviderOptions): EnrichmentProvider {
  const http = createHttpClient({
    service: 'abuseipdb',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    headers: { Key: options.apiKey, Accept: 'application/json' },
    secrets: [options.apiKey],
    authFixHint: 'check ABUSEIPDB_API_KEY (AbuseIPDB, account, API)',
    logger: options.logger,
  });
  return {
    source: 'abuseipdb',
    kinds: ['ip'],
    async lookup(indicator, ctx) {
      const response = await http.request(
        {
          method: 'GET',
          // Encoded here, not by axios: axios leaves an IPv6 address's colons bare, and AbuseIPDB
          // asks for them encoded.
          path: `/api/v2/check?ipAddress=${encodeURIComponent(indicator.value)}&maxAgeInDays=${ABUSEIPDB_MAX_AGE_DAYS}`,
        },
        ctx,
      );
      const check = readAnswer(AbuseIpdbAnswer, response.data, 'abuseipdb', options.logger).data;
      const facts: SourceFact[] = [
        { label: 'Abuse confidence', value: `${check.abuseConfidenceScore}%` },
        { label: `Reports (${ABUSEIPDB_MAX_AGE_DAYS} days)`, value: String(check.totalReports) },
      ];
      if (check.isp) facts.push({ label: 'ISP', value: factValue(check.isp) });
      if (check.usageType) facts.push({ label: 'Usage type', value: factValue(check.usageType) });
      if (check.countryCode) facts.push({ label: 'Country', value: factValue(check.countryCode) });
      return {
        source: 'abuseipdb',
        status: 'answered',
        verdict: abuseIpdbVerdict({
          score: check.abuseConfidenceScore,
          totalReports: check.totalReports,
          whitelisted: check.isWhitelisted === true,
        }),
        facts,
        link: `https://www.abuseipdb.com/check/${encodeURIComponent(indicator.value)}`,
      };
    },
  };
}
