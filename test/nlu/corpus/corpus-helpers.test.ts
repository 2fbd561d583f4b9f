import { canonicalJson } from '../../../src/nlu/corpus/canonical-json';
import { jsonErrorPosition } from '../../../src/nlu/corpus/json-position';
import { parseRegexRule } from '../../../src/nlu/corpus/regex-rule';
import { utteranceKey } from '../../../src/nlu/corpus/utterance-key';

describe('jsonErrorPosition', () => {
  it('finds a missing comma between two items', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}';
    expect(jsonErrorPosition(text)).toMatchObject({ line: 3, column: 3, hint: expect.stringContaining('comma is missing') });
  });

  it.each([
    ['an array', '{\n  "a": [1,\n    2,\n  ]\n}\n', 3, 6, ']'],
    ['an object', '{\n  "a": 1,\n  "b": 2,\n}', 3, 9, '}'],
  ])('puts a trailing comma in %s on the comma, never past the end', (_kind, text, line, column, close) => {
    const position = jsonErrorPosition(text);
    expect(position).toEqual({ line, column, hint: expect.stringContaining(`no comma before "${close}"`) });
    expect(position.line).toBeLessThanOrEqual(text.split('\n').length);
  });

  it('points at the end of the text when the JSON stops early', () => {
    const text = '{\n  "a": [1,';
    expect(jsonErrorPosition(text)).toMatchObject({ line: 2, column: 11, hint: expect.stringContaining('ends too early') });
  });

  it('names single quotes and text after the document', () => {
    expect(jsonErrorPosition("{\"a\": 'x'}")).toMatchObject({ column: 7, hint: expect.stringContaining('double quotes') });
    expect(jsonErrorPosition('{}\n}')).toMatchObject({ line: 2, column: 1, hint: expect.stringContaining('after the end') });
  });

  it('agrees with JSON.parse on valid JSON', () => {
    expect(jsonErrorPosition('{"a": [1, -2.5e3, "x\\n", true, null], "b": {}}').hint).toBe('the text is valid JSON');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }, 0] })).toBe('{"a":[{"c":2,"d":1},0],"b":1}');
  });

  it('leaves out undefined values like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

describe('parseRegexRule', () => {
  it('parses slash form and always adds the global flag', () => {
    const parsed = parseRegexRule('/\\bPC-\\d+\\b/i');
    expect(parsed.ok && parsed.regex.flags).toBe('gi');
    expect(parsed.ok && 'from PC-0815'.match(parsed.regex)).toEqual(['PC-0815']);
  });

  it.each([
    ['PC-\\d+', 'is not in /pattern/flags form'],
    ['/[a-/g', 'does not compile'],
    ['/a?/g', 'can match an empty string'],
    ['/\\b/g', 'can match an empty string'],
    ['/(?<name>PC)-\\d+/g', 'has a capturing group'],
  ])('refuses %s', (rule, reason) => {
    expect(parseRegexRule(rule)).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });

  it('accepts lookarounds and non-capturing groups', () => {
    expect(parseRegexRule('/(?<![\\w.])(?:PC|WS)-\\d+(?!\\w)/g').ok).toBe(true);
  });
});

describe('utteranceKey', () => {
  it('ignores case, surrounding and repeated whitespace', () => {
    expect(utteranceKey('  Alert\t 4711  on PRD ')).toBe(utteranceKey('alert 4711 on prd'));
    expect(utteranceKey('alert 4711')).not.toBe(utteranceKey('alert 4712'));
  });
});
