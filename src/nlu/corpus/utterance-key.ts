/**
 * The identity of an utterance for duplicate checks: case- and whitespace-insensitive, so
 * "Alert  4711 on PRD" and "alert 4711 on prd" are the same phrase.
 *
 * @example
 *   utteranceKey('  Alert  4711 on PRD ') // → 'alert 4711 on prd'
 */
export function utteranceKey(utterance: string): string {
  return utterance.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
