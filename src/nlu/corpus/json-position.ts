/** Where a JSON syntax error is, as 1-based line and column, and what usually fixes it. */
export interface JsonPosition {
  line: number;
  column: number;
  /** How to fix the error at that place, in words an engineer editing the corpus can act on. */
  hint: string;
}

/**
 * Finds the first syntax error of a JSON text. JSON.parse's message cannot be relied on for this:
 * Node 20's V8 says "Unexpected token ']', ..." without any position for a trailing comma, which
 * used to put the error on a line past the end of the file. So the text is scanned here, with a
 * small JSON grammar that stops at the first character that cannot continue the document.
 *
 * @example
 *   jsonErrorPosition('{\n  "a": [1,]\n}') // → { line: 2, column: 11, hint: 'remove the comma …' }
 */
export function jsonErrorPosition(text: string): JsonPosition {
  const failure = new JsonScanner(text).firstError();
  const before = text.slice(0, failure.offset).split('\n');
  return {
    line: before.length,
    column: (before[before.length - 1]?.length ?? 0) + 1,
    hint: failure.hint,
  };
}

interface ScanFailure {
  offset: number;
  hint: string;
}

class ScanError extends Error {
  constructor(readonly failure: ScanFailure) {
    super(failure.hint);
  }
}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters inside strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const MISSING_COMMA = 'a comma is missing between two items (or a quote is missing before it)';

/** A recursive-descent JSON recogniser that only reports where the text stops being JSON. */
class JsonScanner {
  private offset = 0;

  constructor(private readonly text: string) {}

  firstError(): ScanFailure {
    try {
      this.skipSpace();
      this.value();
      this.skipSpace();
      if (this.offset < this.text.length) this.fail('there is text after the end of the JSON document; remove it');
      return { offset: this.text.length, hint: 'the text is valid JSON' };
    } catch (error) {
      if (error instanceof ScanError) return error.failure;
      throw error;
    }
  }

  private value(): void {
    const char = this.text[this.offset];
    if (char === '{') return this.container('}', () => this.member());
    if (char === '[') return this.container(']', () => this.value());
    if (char === '"') return this.string();
    if (this.match(LITERAL)) return;
    if (char === undefined) this.fail('the file ends too early: a closing bracket, brace or quote is missing');
    this.fail(
      char === "'" ? 'JSON strings take double quotes, not single quotes' : 'a value (a "string", number, [list] or {object}) is expected here',
    );
  }

  /** An object or array: items separated by commas, no comma after the last one. */
  private container(close: '}' | ']', item: () => void): void {
    this.offset += 1;
    this.skipSpace();
    if (this.text[this.offset] === close) {
      this.offset += 1;
      return;
    }
    for (;;) {
      item();
      this.skipSpace();
      const char = this.text[this.offset];
      if (char === close) {
        this.offset += 1;
        return;
      }
      if (char !== ',') this.fail(char === undefined ? `the file ends too early: "${close}" is missing` : MISSING_COMMA);
      const comma = this.offset;
      this.offset += 1;
      this.skipSpace();
      if (this.text[this.offset] === close) {
        this.offset = comma;
        this.fail(`remove the comma after the last item: JSON allows no comma before "${close}"`);
      }
    }
  }

  private member(): void {
    if (this.text[this.offset] !== '"') this.fail('a property name in double quotes is expected here');
    this.string();
    this.skipSpace();
    if (this.text[this.offset] !== ':') this.fail('a colon is missing after the property name');
    this.offset += 1;
    this.skipSpace();
    this.value();
  }

  private string(): void {
    if (!this.match(STRING)) {
      this.fail('this string is not closed on its line, or has a bad escape (write \\\\ for a backslash)');
    }
  }

  /** Consumes `pattern` (a sticky regex) at the current offset; no slicing, so big files scan in linear time. */
  private match(pattern: RegExp): boolean {
    pattern.lastIndex = this.offset;
    const found = pattern.exec(this.text);
    if (found) this.offset += found[0].length;
    return found !== null;
  }

  private skipSpace(): void {
    while (/[ \t\r\n]/.test(this.text[this.offset] ?? '')) this.offset += 1;
  }

  private fail(hint: string): never {
    throw new ScanError({ offset: this.offset, hint });
  }
}
