import { isIndicatorEntityType, type Entity } from '../types';

/**
 * At most this many indicators are taken from one message: a pasted block of a hundred IPs must not
 * start a hundred lookups. The skill tells the analyst how many were left out.
 */
export const MAX_INDICATORS = 10;

/** The entities with at most `max` indicators (the first ones in the text), and how many were dropped. */
export interface LimitedIndicators {
  entities: Entity[];
  dropped: number;
}

/**
 * Keeps the first `max` indicators (ip, domain, url, hash) in text order and every other entity.
 * An IP that is also the terminal stays a terminal either way.
 *
 * @example
 *   limitIndicators(elevenIps).dropped // → 1
 */
export function limitIndicators(entities: readonly Entity[], max = MAX_INDICATORS): LimitedIndicators {
  let taken = 0;
  let dropped = 0;
  const kept = entities.filter((entity) => {
    if (!isIndicatorEntityType(entity.entity)) return true;
    if (taken < max) {
      taken += 1;
      return true;
    }
    dropped += 1;
    return false;
  });
  return { entities: kept, dropped };
}
