/**
 * A JQL string literal: double-quoted, with `\` and `"` escaped, so a value can never end the
 * literal and add a clause of its own.
 *
 * @example
 *   jqlString('SOC'); // '"SOC"'
 *   jqlString('a" OR project = "X'); // '"a\" OR project = \"X"'
 */
export function jqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}
