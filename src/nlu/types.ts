/**
 * The NLU contract the rest of socbot sees. NLP.js stays behind src/nlu/: nothing outside it
 * imports @nlpjs packages.
 */

import type { AddressRange } from './entities/address-range';
import type { ExplainOptions, Explanation } from './explanation';

/**
 * Entity types socbot extracts. The first six come from the corpus definitions (the classifier sees
 * them masked); the lifecycle's four (LIFECYCLE_ENTITY_TYPES) are read by src/nlu/entities/lifecycle-values.ts
 * for the skill a message is for, after classification, so the trained model does not change with them.
 * The indicators `domain`, `url` and `hash` (and `ip`, which the corpus also defines) are found in
 * code (src/nlu/entities/indicators.ts) and masked like the corpus types.
 */
export const ENTITY_TYPES = [
  'alertId',
  'terminal',
  'username',
  'system',
  'ip',
  'priority',
  'alertRef',
  'classification',
  'person',
  'note',
  'domain',
  'url',
  'hash',
  'indicators',
  'mailCategory',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/**
 * Indicators of compromise: what an analyst asks threat intelligence about. `ip` also has a corpus
 * definition (it is the terminal too); `domain`, `url` and `hash` need none.
 */
export const INDICATOR_ENTITY_TYPES = ['ip', 'domain', 'url', 'hash'] as const;
export type IndicatorEntityType = (typeof INDICATOR_ENTITY_TYPES)[number];

/** True for an indicator type (see INDICATOR_ENTITY_TYPES). */
export function isIndicatorEntityType(type: EntityType): type is IndicatorEntityType {
  return (INDICATOR_ENTITY_TYPES as readonly string[]).includes(type);
}

/** The entity types found in code without a corpus definition: the lifecycle's and `domain`, `url`, `hash`. */
export function needsNoCorpusDefinition(type: EntityType): boolean {
  return isLifecycleEntityType(type) || (isIndicatorEntityType(type) && type !== 'ip');
}

/** Which hash function a `hash` entity's length says it is. */
export type HashKind = 'md5' | 'sha1' | 'sha256';
export type { AddressRange };

/**
 * The entity types read for a skill that has a slot of the type, never as conversation facts, with
 * no corpus definition: an alert's lifecycle (socbot's reference of a registered alert, a close's
 * classification, a person to assign to, a note's text) and `indicators`, every indicator of a
 * message as one list (the look-up takes up to MAX_INDICATORS at once).
 */
export const LIFECYCLE_ENTITY_TYPES = [
  'alertRef',
  'classification',
  'person',
  'note',
  'indicators',
  'mailCategory',
] as const;
export type LifecycleEntityType = (typeof LIFECYCLE_ENTITY_TYPES)[number];

/** True for an entity type of the lifecycle (see LIFECYCLE_ENTITY_TYPES). */
export function isLifecycleEntityType(type: EntityType): type is LifecycleEntityType {
  return (LIFECYCLE_ENTITY_TYPES as readonly string[]).includes(type);
}

export function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value);
}

/** One entity found in an utterance; `start`/`end` are character offsets into the original text (end exclusive). */
export interface Entity {
  entity: EntityType;
  /**
   * Normalised value: upper-cased SAP user/system, `P1`..`P5` for priorities, the host as typed for
   * terminals; indicators refanged: IPv6 compressed lower case, lower-case domain and hash, URL as typed.
   */
  value: string;
  /** The text as the user typed it. */
  sourceText: string;
  start: number;
  end: number;
  /** SAP client (three digits) when a `system` entity names one: "PRD/100" → value "PRD", client "100". */
  client?: string;
  /** For a `hash`: MD5, SHA-1 or SHA-256, by its length. */
  hashKind?: HashKind;
  /** For an `ip` in a special-purpose range (private, loopback, documentation…); absent for a public address. */
  addressRange?: AddressRange;
}

/** The intent name for "out of scope": never a forced guess. */
export const NONE_INTENT = 'None';

export interface IntentScore {
  intent: string;
  score: number;
}

export interface Recognition {
  text: string;
  /** The best intent, or `None` when the confidence is under the calibrated threshold. */
  intent: string;
  /** Calibrated confidence in [0, 1] of the best in-scope intent. */
  score: number;
  /** The best in-scope intents, highest first (used to suggest the nearest skills). */
  alternatives: IntentScore[];
  entities: Entity[];
  /** How many indicators the message held beyond MAX_INDICATORS (not in `entities`); absent when none. */
  droppedIndicators?: number;
}

export interface Recognizer {
  recognize(text: string): Promise<Recognition>;
  /**
   * Why the model scores `text` as it does (see NluModel.explain); absent for recognizers that
   * have no weights to show (test stand-ins).
   */
  explain?(text: string, options?: ExplainOptions): Promise<Explanation>;
}
