/** The normalised priority values, most urgent first. */
export const PRIORITY_LEVELS = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type PriorityLevel = (typeof PRIORITY_LEVELS)[number];

/**
 * The canonical words for each level, always understood. corpus/entities.json may add synonyms
 * (typos, local jargon) under `priority.options`. A Map, not an object: it is looked up with the
 * user's words, and an object would answer "constructor" with a function.
 */
export const CANONICAL_PRIORITY_WORDS: ReadonlyMap<string, PriorityLevel> = new Map([
  ['critical', 'P1'],
  ['crit', 'P1'],
  ['urgent', 'P1'],
  ['very high', 'P1'],
  ['highest', 'P1'],
  ['high', 'P2'],
  ['medium', 'P3'],
  ['med', 'P3'],
  ['normal', 'P3'],
  ['moderate', 'P3'],
  ['low', 'P4'],
  ['info', 'P5'],
  ['informational', 'P5'],
  ['very low', 'P5'],
  ['lowest', 'P5'],
]);

/** "P1", "p 2", "prio 3", "priority: 4", "sev5", "severity = 1", or a bare digit 1-5. */
const NUMBERED_PRIORITY = /^(?:p|prio|priority|sev|severity)?\s*[:=]?\s*([1-5])$/i;

/**
 * Normalises a priority as typed to P1..P5, or undefined when it is not one.
 *
 * @example
 *   priorityLevel('prio 1')   // → 'P1'
 *   priorityLevel('High')     // → 'P2'
 *   priorityLevel('whenever') // → undefined
 */
export function priorityLevel(
  text: string,
  synonyms: ReadonlyMap<string, PriorityLevel> = CANONICAL_PRIORITY_WORDS,
): PriorityLevel | undefined {
  const normalised = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const numbered = NUMBERED_PRIORITY.exec(normalised);
  if (numbered) return `P${numbered[1]}` as PriorityLevel;
  return synonyms.get(normalised) ?? CANONICAL_PRIORITY_WORDS.get(normalised);
}

export function isPriorityLevel(value: string): value is PriorityLevel {
  return (PRIORITY_LEVELS as readonly string[]).includes(value);
}
