import type { EntityCandidate } from './entity-candidates';
import { SOCBOT_ALERT_REF_IN_TEXT } from './entity-shapes';

/**
 * socbot's own references in `text` as alert IDs, and the other candidates without any that
 * overlaps one. A reference looks like a host name ("SOC-2026-0001"), but it is never the
 * attacker's terminal, a user or a system: it names an alert in socbot's register.
 *
 * @example
 *   withSocbotRefs('tell basis about SOC-2026-0001', [terminalCandidate])
 *   // → [{ entity: 'alertId', value: 'SOC-2026-0001', … }]
 */
export function withSocbotRefs(text: string, candidates: readonly EntityCandidate[]): EntityCandidate[] {
  const refs: EntityCandidate[] = [...text.matchAll(SOCBOT_ALERT_REF_IN_TEXT)].map((match) => ({
    entity: 'alertId',
    value: match[0].toUpperCase(),
    sourceText: match[0],
    start: match.index,
    end: match.index + match[0].length,
    confidence: 3,
  }));
  if (refs.length === 0) return [...candidates];
  const free = candidates.filter((candidate) =>
    refs.every((ref) => candidate.end <= ref.start || ref.end <= candidate.start),
  );
  return [...free, ...refs];
}
