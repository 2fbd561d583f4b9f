/** Where a JSON.parse error happened, as 1-based line and column. */
export interface JsonPosition {
  line: number;
  column: number;
}

/**
 * Turns a JSON.parse SyntaxError into a line and column of `text`. V8 reports a character
 * position ("at position 42"), newer versions also "(line 3 column 5)"; "Unexpected end of JSON
 * input" has neither and points at the end of the text.
 *
 * @example
 *   jsonErrorPosition('{\n "a": 1\n "b": 2}', error) // → { line: 3, column: 2 }
 */
export function jsonErrorPosition(text: string, error: unknown): JsonPosition {
  const message = error instanceof Error ? error.message : String(error);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Math.min(Number(position[1]), text.length) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}
