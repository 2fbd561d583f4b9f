import type { Entity, EntityType } from '../nlu/types';

/**
 * The conversation's single door to entity parsing and validation.
 *
 * TEMPORARY: the NLU owns these (src/nlu/entities/: `parseEntityAs`, `validateEntityValue`); until
 * they land, this file implements the same signatures with small rules. When they land this file
 * re-exports theirs and nothing else in src/conversation changes.
 */

/** The outcome of validating a value as an entity type. */
export type EntityValidation = { ok: true; value: string } | { ok: false; reason: string; example: string };

interface Rule {
  pattern: RegExp;
  normalize: (text: string) => string;
  reason: string;
  example: string;
}

const PRIORITY_WORDS: Record<string, string> = {
  critical: 'P1',
  'very high': 'P1',
  high: 'P2',
  medium: 'P3',
  normal: 'P3',
  low: 'P4',
  'very low': 'P5',
};

const RULES: Record<EntityType, Rule> = {
  alertId: {
    pattern: /^\d{1,12}$/,
    normalize: (text) => text,
    reason: 'an alert ID is the number the detection system gave the alert',
    example: '4711',
  },
  terminal: {
    pattern: /^(?=.*[\d-])[A-Za-z0-9][A-Za-z0-9._-]{1,62}$/,
    normalize: (text) => text,
    reason: 'a terminal is a host name such as PC-0815 (letters, digits, dots and dashes)',
    example: 'PC-0815',
  },
  username: {
    pattern: /^[A-Za-z0-9_.$&-]{1,12}$/,
    normalize: (text) => text.toUpperCase(),
    reason: 'an SAP user name has at most 12 letters, digits or . _ -',
    example: 'DDIC',
  },
  system: {
    pattern: /^[A-Za-z][A-Za-z0-9]{2}(?:\s*[/:\s-]\s*\d{3})?$/,
    normalize: (text) => text.toUpperCase().replace(/\s*[/:\s-]\s*/, '/'),
    reason: 'a system is a three-character SAP system ID, optionally with a client (PRD/100)',
    example: 'PRD',
  },
  ip: {
    pattern: /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/,
    normalize: (text) => text,
    reason: 'an IP address has four numbers from 0 to 255, such as 10.0.0.12',
    example: '10.0.0.12',
  },
  priority: {
    pattern: /^(?:p?[1-5]|critical|very high|high|medium|normal|low|very low)$/i,
    normalize: (text) => PRIORITY_WORDS[text.toLowerCase()] ?? `P${text.replace(/^p/i, '')}`,
    reason: 'a priority is P1 (most urgent) to P5, or critical / high / medium / low',
    example: 'P2',
  },
};

/** Checks and normalises a value as `type`; on failure says why and gives an example. */
export function validateEntityValue(type: EntityType, value: string): EntityValidation {
  const rule = RULES[type];
  const text = value.trim();
  if (!rule.pattern.test(text)) return { ok: false, reason: rule.reason, example: rule.example };
  return { ok: true, value: rule.normalize(text) };
}

/** Reads a whole (bare) answer such as "PC-0815" as an entity of `type`, or undefined. */
export function parseEntityAs(type: EntityType, text: string): Entity | undefined {
  const trimmed = text.trim().replace(/[.!]+$/, '');
  const checked = validateEntityValue(type, trimmed);
  if (!checked.ok) return undefined;
  const start = text.indexOf(trimmed);
  return { entity: type, value: checked.value, sourceText: trimmed, start, end: start + trimmed.length };
}
