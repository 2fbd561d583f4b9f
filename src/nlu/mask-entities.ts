import type { Entity } from './types';

/**
 * Replaces each entity's span with its type ("register alert 4711" → "register alert @alertId"),
 * so the classifier learns from the kind of value, not the value itself.
 */
export function maskEntities(text: string, entities: readonly Entity[]): string {
  const spans = [...entities].sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const entity of spans) {
    if (entity.start < cursor) continue; // overlapping spans (an IP that is also a terminal): mask once
    out += `${text.slice(cursor, entity.start)} @${entity.entity} `;
    cursor = entity.end;
  }
  return out + text.slice(cursor);
}
