import { z } from 'zod';
import { createHttpClient } from '../http-client';
import type { EnrichmentProvider, EnrichmentProviderOptions } from './enrichment-provider';
import type { SourceFact } from './indicator-report';
import { shodanVerdict } from './overall-verdict';
import { factValue, readAnswer } from './read-answer';

/** Default SHODAN_URL. */
export const SHODAN_DEFAULT_URL = 'https://api.shodan.io';
/** Open ports and CVEs listed on a card; the rest is counted. */
const LISTED = 15;

const ShodanAnswer = z.object({
  ports: z.array(z.number().int()).default([]),
  vulns: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  org: z.string().nullish(),
});

/**
 * Shodan host information `GET /shodan/host/{ip}?key=…&minify=true` (no banners); IP addresses
 * only. Shodan takes the key in the query, so it is passed as a query parameter only: the HTTP
 * client logs and quotes URLs without their query, and scrubs the key from whatever Shodan says.
 * 404 (Shodan has not seen the host) is `no-data`. Facts: open ports, CVEs, organisation, tags.
 *
 * @example
 *   const shodan = createShodanProvider({ url: SHODAN_DEFAULT_URL, apiKey, timeoutMs: 10_000, logger });
 *   await shodan.lookup({ kind: 'ip', value: '198.51.100.7' }, { signal });
 */
export function createShodanProvider(options: EnrichmentProviderOptions): EnrichmentProvider {
  const http = createHttpClient({
    service: 'shodan',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    secrets: [options.apiKey],
    authFixHint: 'check SHODAN_API_KEY (Shodan, account, API key)',
    logger: options.logger,
  });
  return {
    source: 'shodan',
    kinds: ['ip'],
    async lookup(indicator, ctx) {
      const response = await http.request(
        {
          method: 'GET',
          path: `/shodan/host/${encodeURIComponent(indicator.value)}`,
          query: { key: options.apiKey, minify: 'true' },
        },
        ctx,
        { acceptStatus: [404] },
      );
      if (response.status === 404)
        return { source: 'shodan', status: 'answered', verdict: 'no-data', facts: [] };
      const host = readAnswer(ShodanAnswer, response.data, 'shodan', options.logger);
      const facts: SourceFact[] = [
        {
          label: 'Open ports',
          value: listed([...host.ports].sort((a, b) => a - b).map(String)) || 'none seen',
        },
      ];
      if (host.vulns.length > 0) facts.push({ label: 'CVEs', value: listed([...host.vulns].sort()) });
      if (host.org) facts.push({ label: 'Organisation', value: factValue(host.org) });
      if (host.tags.length > 0) facts.push({ label: 'Tags', value: listed(host.tags) });
      return {
        source: 'shodan',
        status: 'answered',
        verdict: shodanVerdict(host),
        facts,
        link: `https://www.shodan.io/host/${encodeURIComponent(indicator.value)}`,
      };
    },
  };
}

/** `22, 80, 443 and 12 more`, bounded like every fact. */
function listed(values: readonly string[]): string {
  const shown = values.slice(0, LISTED).join(', ');
  const more = values.length > LISTED ? ` and ${values.length - LISTED} more` : '';
  return factValue(`${shown}${more}`);
}
