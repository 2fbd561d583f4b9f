import type { AddressRange } from './address-range';
import type { Entity } from '../types';

/**
 * Where an indicator lives: `internal` for an address in a special-purpose range (private,
 * loopback, documentation…), which no internet service knows anything about; `public` otherwise.
 */
export type IndicatorScope = { scope: 'public' } | { scope: 'internal'; range: AddressRange };

/**
 * The scope of an indicator entity, so a lookup can answer "10.1.2.3 is an internal address
 * (private)" instead of asking the internet.
 *
 * @example
 *   indicatorScope({ entity: 'ip', value: '10.1.2.3', addressRange: 'private', … }) // → { scope: 'internal', range: 'private' }
 *   indicatorScope({ entity: 'domain', value: 'evil.com', … })                       // → { scope: 'public' }
 */
export function indicatorScope(entity: Pick<Entity, 'addressRange'>): IndicatorScope {
  return entity.addressRange === undefined
    ? { scope: 'public' }
    : { scope: 'internal', range: entity.addressRange };
}
