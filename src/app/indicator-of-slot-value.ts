import { readIndicator } from '../nlu/entities/indicators';
import type { Indicator } from '../integrations/enrichment/indicator-report';

/** The kinds a slot value is read as, most specific first: a URL holds a domain, a hash is no domain. */
const KINDS = ['url', 'ip', 'hash', 'domain'] as const;

/**
 * One value of an `indicators` slot (already refanged and normalised by the NLU) as the indicator the
 * enrichment sources are asked about, read by the same rules as the entity extractor; undefined for
 * anything else.
 *
 * @example
 *   indicatorOfSlotValue('185.220.101.4') // { kind: 'ip', value: '185.220.101.4' }
 *   indicatorOfSlotValue('evil.com')      // { kind: 'domain', value: 'evil.com' }
 */
export function indicatorOfSlotValue(value: string): Indicator | undefined {
  for (const kind of KINDS) {
    const read = readIndicator(kind, value);
    if (read) return { kind, value: read.value };
  }
  return undefined;
}
