import { createHash } from 'node:crypto';
import { z } from 'zod';
import { createHttpClient } from '../http-client';
import type { EnrichmentProvider, EnrichmentProviderOptions } from './enrichment-provider';
import type { AnsweredReport, Indicator, IndicatorKind, SourceFact } from './indicator-report';
import { virusTotalVerdict } from './overall-verdict';
import { factValue, readAnswer } from './read-answer';

/** Default VIRUSTOTAL_URL. */
export const VIRUSTOTAL_DEFAULT_URL = 'https://www.virustotal.com/api/v3';

const GUI = 'https://www.virustotal.com/gui';

/** The object collection of each kind, and where people see it in VirusTotal's web interface. */
const COLLECTIONS: Record<IndicatorKind, { api: string; gui: string }> = {
  ip: { api: 'ip_addresses', gui: 'ip-address' },
  domain: { api: 'domains', gui: 'domain' },
  hash: { api: 'files', gui: 'file' },
  url: { api: 'urls', gui: 'url' },
};

const Count = z.number().int().nonnegative();
/** An IP address, domain, file or URL object (only the attributes socbot shows). */
const VirusTotalAnswer = z.object({
  data: z.object({
    attributes: z.object({
      last_analysis_stats: z.object({
        malicious: Count,
        suspicious: Count,
        harmless: Count,
        undetected: Count,
      }),
      as_owner: z.string().optional(),
      country: z.string().optional(),
      reputation: z.number().optional(),
    }),
  }),
});

/**
 * VirusTotal API v3: `GET /ip_addresses/{ip}`, `/domains/{domain}`, `/files/{hash}`,
 * `/urls/{id}` (the URL in base64url without padding), header `x-apikey`. 404 (VirusTotal has
 * never seen it) is `no-data`. Facts: the engines' last analysis (malicious, suspicious,
 * harmless, undetected), AS owner, country, community reputation.
 *
 * @example
 *   const vt = createVirusTotalProvider({ url: VIRUSTOTAL_DEFAULT_URL, apiKey, timeoutMs: 10_000, logger });
 *   (await vt.lookup({ kind: 'ip', value: '8.8.8.8' }, { signal })).verdict; // 'harmless'
 */
export function createVirusTotalProvider(options: EnrichmentProviderOptions): EnrichmentProvider {
  const http = createHttpClient({
    service: 'virustotal',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    headers: { 'x-apikey': options.apiKey },
    secrets: [options.apiKey],
    authFixHint: 'check VIRUSTOTAL_API_KEY (VirusTotal, your profile, API key)',
    logger: options.logger,
  });
  return {
    source: 'virustotal',
    kinds: ['ip', 'domain', 'url', 'hash'],
    async lookup(indicator, ctx) {
      const collection = COLLECTIONS[indicator.kind];
      const response = await http.request(
        { method: 'GET', path: `/${collection.api}/${objectId(indicator)}` },
        ctx,
        { acceptStatus: [404] },
      );
      if (response.status === 404)
        return { source: 'virustotal', status: 'answered', verdict: 'no-data', facts: [] };
      const { attributes } = readAnswer(VirusTotalAnswer, response.data, 'virustotal', options.logger).data;
      const stats = attributes.last_analysis_stats;
      const facts: SourceFact[] = [
        {
          label: 'Engines',
          value: `${stats.malicious} malicious, ${stats.suspicious} suspicious, ${stats.harmless} harmless, ${stats.undetected} undetected`,
        },
      ];
      if (attributes.as_owner) facts.push({ label: 'AS owner', value: factValue(attributes.as_owner) });
      if (attributes.country) facts.push({ label: 'Country', value: factValue(attributes.country) });
      if (attributes.reputation !== undefined)
        facts.push({ label: 'Reputation', value: factValue(attributes.reputation) });
      const report: AnsweredReport = {
        source: 'virustotal',
        status: 'answered',
        verdict: virusTotalVerdict(stats),
        facts,
        link: `${GUI}/${collection.gui}/${encodeURIComponent(guiId(indicator))}`,
      };
      return report;
    },
  };
}

/** The identifier in the API path: the URL's base64url form (no padding), anything else as it is. */
function objectId(indicator: Indicator): string {
  return indicator.kind === 'url'
    ? Buffer.from(indicator.value, 'utf8').toString('base64url')
    : encodeURIComponent(indicator.value);
}

/** The web interface names a URL by the SHA-256 of the URL. */
function guiId(indicator: Indicator): string {
  return indicator.kind === 'url'
    ? createHash('sha256').update(indicator.value, 'utf8').digest('hex')
    : indicator.value;
}
