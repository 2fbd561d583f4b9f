import { z } from 'zod';
import { createHttpClient } from '../http-client';
import type { EnrichmentProvider, EnrichmentProviderOptions } from './enrichment-provider';
import type { SourceFact } from './indicator-report';
import { greyNoiseVerdict } from './overall-verdict';
import { factValue, readAnswer } from './read-answer';

/** Default GREYNOISE_URL. */
export const GREYNOISE_DEFAULT_URL = 'https://api.greynoise.io';

const GreyNoiseAnswer = z.object({
  noise: z.boolean(),
  riot: z.boolean(),
  classification: z.string().optional(),
  name: z.string().optional(),
  last_seen: z.string().optional(),
});

/**
 * GreyNoise Community API `GET /v3/community/{ip}`, header `key`; IP addresses only. 404 means
 * "not observed scanning the internet and not a known business service": `no-data`. Facts:
 * classification, internet noise, RIOT (known business service), name, last seen.
 *
 * @example
 *   const greynoise = createGreyNoiseProvider({ url: GREYNOISE_DEFAULT_URL, apiKey, timeoutMs: 10_000, logger });
 *   (await greynoise.lookup({ kind: 'ip', value: '8.8.8.8' }, { signal })).verdict; // 'harmless' (RIOT)
 */
export function createGreyNoiseProvider(options: EnrichmentProviderOptions): EnrichmentProvider {
  const http = createHttpClient({
    service: 'greynoise',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    headers: { key: options.apiKey },
    secrets: [options.apiKey],
    authFixHint: 'check GREYNOISE_API_KEY (GreyNoise, account, API key)',
    logger: options.logger,
  });
  return {
    source: 'greynoise',
    kinds: ['ip'],
    async lookup(indicator, ctx) {
      const link = `https://viz.greynoise.io/ip/${encodeURIComponent(indicator.value)}`;
      const response = await http.request(
        { method: 'GET', path: `/v3/community/${encodeURIComponent(indicator.value)}` },
        ctx,
        { acceptStatus: [404] },
      );
      if (response.status === 404) {
        return {
          source: 'greynoise',
          status: 'answered',
          verdict: 'no-data',
          facts: [
            { label: 'Observed', value: 'not seen scanning the internet, not a known business service' },
          ],
        };
      }
      const answer = readAnswer(GreyNoiseAnswer, response.data, 'greynoise', options.logger);
      const facts: SourceFact[] = [
        { label: 'Classification', value: factValue(answer.classification ?? 'unknown') },
        { label: 'Internet noise', value: answer.noise ? 'yes' : 'no' },
        { label: 'RIOT (known business service)', value: answer.riot ? 'yes' : 'no' },
      ];
      if (answer.name) facts.push({ label: 'Name', value: factValue(answer.name) });
      if (answer.last_seen) facts.push({ label: 'Last seen', value: factValue(answer.last_seen) });
      return {
        source: 'greynoise',
        status: 'answered',
        verdict: greyNoiseVerdict(answer),
        facts,
        link,
      };
    },
  };
}
