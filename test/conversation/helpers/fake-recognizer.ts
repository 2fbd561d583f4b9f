import type { Entity, EntityType, IntentScore, Recognition, Recognizer } from '../../../src/nlu/types';

/** First match wins: a tiny stand-in for the trained model, for tests about the dialog. */
const INTENT_RULES: ReadonlyArray<[RegExp, string]> = [
  [/^(cancel|abort|never ?mind|forget it)\b/i, 'cancel'],
  [/^(help|what can you do|why\b)/i, 'help'],
  [/\b(status|what do you have)\b/i, 'status'],
  [/\b(register|raise|open)\b.*\balert\b|\bETD raised\b/i, 'alert'],
  [/\bbasis\b/i, 'inform'],
  [/^(hi|hello|hey)\b/i, 'greeting'],
  [/\b(thanks|thank you)\b/i, 'thanks'],
  [/^(bye|goodbye)\b/i, 'bye'],
  [/\buser (is|was)\b/i, 'username'],
  [/\bterminal (is|was)\b/i, 'initiator'],
  [/\b(happened on|system (is|was))\b/i, 'system'],
];

const ENTITY_RULES: ReadonlyArray<[RegExp, EntityType]> = [
  // socbot's own reference, read as an alert ID as the trained model reads it.
  [/\b(SOC-\d{4}-\d{4,6})\b/i, 'alertId'],
  [/\balert (?:id )?(\d+)\b/i, 'alertId'],
  [/\bterminal (?:is |was )?([A-Za-z][\w.]*-[\w.-]+)/i, 'terminal'],
  [/\buser (?:is |was )?([A-Z][A-Z0-9_]{1,11})\b/, 'username'],
  [/\b(?:on |system (?:is |was )?)([A-Z][A-Z0-9]{2})\b/, 'system'],
  [/\b(P[1-5])\b/i, 'priority'],
];

function findEntities(text: string): Entity[] {
  const entities: Entity[] = [];
  for (const [pattern, entity] of ENTITY_RULES) {
    const match = pattern.exec(text);
    const value = match?.[1];
    if (!match || value === undefined) continue;
    const start = match.index + match[0].lastIndexOf(value);
    entities.push({
      entity,
      value: entity === 'priority' ? value.toUpperCase() : value,
      sourceText: value,
      start,
      end: start + value.length,
    });
  }
  return entities;
}

/**
 * A keyword recognizer: intents by the rules above, entities by simple patterns, `None` (score 0.2)
 * for anything else. `overrides` pins the recognition of exact texts (e.g. to give alternatives).
 */
export function fakeRecognizer(overrides: Record<string, Partial<Recognition>> = {}): Recognizer & {
  seen: string[];
} {
  const seen: string[] = [];
  return {
    seen,
    async recognize(text: string): Promise<Recognition> {
      seen.push(text);
      const rule = INTENT_RULES.find(([pattern]) => pattern.test(text));
      const intent = rule?.[1] ?? 'None';
      const alternatives: IntentScore[] = rule ? [{ intent, score: 0.9 }] : [];
      return {
        text,
        intent,
        score: rule ? 0.9 : 0.2,
        alternatives,
        entities: findEntities(text),
        ...overrides[text],
      };
    },
  };
}
