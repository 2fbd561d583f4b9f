/**
 * JSON with object keys sorted at every level, so equal content always gives equal text (and
 * equal hashes) whatever order the keys were written in. Array order is kept: it is content.
 *
 * @example
 *   canonicalJson({ b: 1, a: [2, 1] }) // → '{"a":[2,1],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) sorted[key] = sortKeys(child);
    }
    return sorted;
  }
  return value;
}
