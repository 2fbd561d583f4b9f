/**
 * Adaptive Card TextBlocks and FactSet values render a markdown subset: a value like
 * `[login](https://evil.example)` would become a link. Escaping the markdown characters keeps a
 * slot value plain text on the card.
 *
 * @example
 *   escapeCardMarkdown('[x](http://evil)'); // '\\[x\\]\\(http://evil\\)'
 */
export function escapeCardMarkdown(value: string): string {
  return value.replace(/[\\`*_[\]()#>~|-]/g, (character) => `\\${character}`);
}
