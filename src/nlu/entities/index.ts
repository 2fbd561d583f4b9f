/**
 * Typed entities: alertId, terminal, username, system (SID and client), ip, priority; the
 * indicators ip, domain, url, hash (indicators.ts, defanged forms included); and the
 * lifecycle's alertRef, classification, person, note (lifecycle-values.ts). NLP.js
 * stays inside this folder; callers see `Entity` from ../types.
 */
export { EntityExtractor, MAX_EXTRACTION_CHARS } from './entity-extractor';
export { parseEntityAs } from './parse-entity-as';
export { validateEntityValue, ENTITY_EXAMPLES, type EntityValueCheck } from './validate-entity-value';
export { vocabularyFromDefinitions, DEFAULT_VOCABULARY, type EntityVocabulary } from './entity-vocabulary';
export { priorityLevel, PRIORITY_LEVELS, type PriorityLevel } from './priority-levels';
export {
  findLifecycleValues,
  validateLifecycleValue,
  CLASSIFICATIONS,
  MAX_NOTE_CHARS,
} from './lifecycle-values';
export { MAX_INDICATORS, limitIndicators, type LimitedIndicators } from './indicator-limit';
export { indicatorScope, type IndicatorScope } from './indicator-scope';
export { readIndicator, type IndicatorValue } from './indicators';
export { addressRangeOf, canonicalIp, ADDRESS_RANGES, type AddressRange } from './address-range';
