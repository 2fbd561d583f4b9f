import { z } from 'zod';
import { createHttpClient } from '../http-client';
import { safeUrl } from '../safe-url';
import type { EnrichmentProvider, EnrichmentProviderOptions } from './enrichment-provider';
import type { SourceFact } from './indicator-report';
import { mispVerdict } from './overall-verdict';
import { factValue, readAnswer } from './read-answer';

/** Most attributes one lookup asks MISP for. */
export const MISP_HIT_LIMIT = 50;
/** Events named on a card; the rest is counted. */
const LISTED_EVENTS = 5;

const Id = z.union([z.string(), z.number()]).transform(String);
const MispAnswer = z.object({
  response: z.object({
    Attribute: z.array(
      z.object({
        event_id: Id,
        to_ids: z.boolean().optional(),
        Event: z.object({ info: z.string().optional() }).optional(),
      }),
    ),
  }),
});

/**
 * MISP `POST /attributes/restSearch` with `{ value, returnFormat: 'json', limit }`, headers
 * `Authorization: <key>` and `Accept: application/json`; every indicator kind. Facts: the number
 * of hits (and how many are marked for detection, `to_ids`), the events they belong to.
 *
 * @example
 *   const misp = createMispProvider({ url: 'https://misp.example.com', apiKey, timeoutMs: 10_000, logger });
 *   await misp.lookup({ kind: 'domain', value: 'evil.example' }, { signal });
 */
export function createMispProvider(options: EnrichmentProviderOptions): EnrichmentProvider {
  const http = createHttpClient({
    service: 'misp',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    headers: { Authorization: options.apiKey, Accept: 'application/json' },
    secrets: [options.apiKey],
    authFixHint: 'check MISP_API_KEY (MISP, My Profile, Auth keys) and that MISP_URL is the right instance',
    logger: options.logger,
  });
  return {
    source: 'misp',
    kinds: ['ip', 'domain', 'url', 'hash'],
    async lookup(indicator, ctx) {
      const response = await http.request(
        {
          method: 'POST',
          path: '/attributes/restSearch',
          body: { value: indicator.value, returnFormat: 'json', limit: MISP_HIT_LIMIT },
        },
        ctx,
      );
      const attributes = readAnswer(MispAnswer, response.data, 'misp', options.logger).response.Attribute;
      if (attributes.length === 0)
        return { source: 'misp', status: 'answered', verdict: 'no-data', facts: [] };
      const hits = attributes.map((attribute) => ({
        eventId: attribute.event_id,
        info: attribute.Event?.info,
        toIds: attribute.to_ids === true,
      }));
      const events = new Map<string, string | undefined>();
      for (const hit of hits) if (!events.has(hit.eventId)) events.set(hit.eventId, hit.info);
      const named = [...events]
        .slice(0, LISTED_EVENTS)
        .map(([id, info]) => (info ? `#${id} ${info}` : `#${id}`));
      const more = events.size > LISTED_EVENTS ? `; and ${events.size - LISTED_EVENTS} more` : '';
      const forDetection = hits.filter((hit) => hit.toIds).length;
      const facts: SourceFact[] = [
        {
          label: 'Hits',
          value: `${hits.length}${hits.length >= MISP_HIT_LIMIT ? '+' : ''} (${forDetection} marked for detection)`,
        },
        { label: 'Events', value: factValue(`${named.join('; ')}${more}`) },
      ];
      const [firstEvent] = events.keys();
      return {
        source: 'misp',
        status: 'answered',
        verdict: mispVerdict(hits),
        facts,
        ...(firstEvent !== undefined
          ? {
              link: `${safeUrl(options.url).replace(/\/+$/, '')}/events/view/${encodeURIComponent(firstEvent)}`,
            }
          : {}),
      };
    },
  };
}
