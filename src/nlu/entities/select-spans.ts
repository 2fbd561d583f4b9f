import type { Entity } from '../types';
import type { EntityCandidate } from './entity-candidates';

/**
 * Picks the entities to report from overlapping candidates: longest span first, then the more
 * confident, then the earlier; a candidate overlapping one already picked is dropped. The one
 * exception is an IP that is also the terminal: both are kept on the same span. Returns entities
 * in text order without the internal confidence.
 *
 * @example
 *   // "WS-LDN-0042" (terminal) beats "LDN" (a SID-shaped part of it)
 *   selectSpans(candidates).map((e) => e.sourceText) // → ['WS-LDN-0042']
 */
export function selectSpans(candidates: readonly EntityCandidate[]): Entity[] {
  const ordered = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || b.confidence - a.confidence || a.start - b.start,
  );
  const picked: EntityCandidate[] = [];
  for (const next of ordered) {
    const clash = picked.some((kept) => overlaps(kept, next) && !isIpAlsoTerminal(kept, next));
    const duplicate = picked.some((kept) => kept.entity === next.entity && kept.start === next.start);
    if (!clash && !duplicate) picked.push(next);
  }
  return picked
    .sort((a, b) => a.start - b.start || a.entity.localeCompare(b.entity))
    .map(({ confidence: _confidence, ...entity }) => entity);
}

function overlaps(a: EntityCandidate, b: EntityCandidate): boolean {
  return a.start < b.end && b.start < a.end;
}

function isIpAlsoTerminal(a: EntityCandidate, b: EntityCandidate): boolean {
  const types = new Set([a.entity, b.entity]);
  return a.start === b.start && a.end === b.end && types.has('ip') && types.has('terminal');
}
