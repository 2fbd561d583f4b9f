/**
 * The NLU contract the rest of socbot sees. NLP.js stays behind src/nlu/: nothing outside it
 * imports @nlpjs packages.
 */

/** Entity types socbot extracts. */
export const ENTITY_TYPES = ['alertId', 'terminal', 'username', 'system', 'ip', 'priority'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export function isEntityType(value: string): value is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(value);
}

/** One entity found in an utterance; `start`/`end` are character offsets into the original text (end exclusive). */
export interface Entity {
  entity: EntityType;
  /** Normalised value: upper-cased SAP user/system, `P1`..`P5` for priorities, the host as typed for terminals. */
  value: string;
  /** The text as the user typed it. */
  sourceText: string;
  start: number;
  end: number;
  /** SAP client (three digits) when a `system` entity names one: "PRD/100" → value "PRD", client "100". */
  client?: string;
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
}

export interface Recognizer {
  recognize(text: string): Promise<Recognition>;
}
