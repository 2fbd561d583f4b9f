/**
 * Typed entities: alertId, terminal, username, system (SID and client), ip, priority; and the
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
