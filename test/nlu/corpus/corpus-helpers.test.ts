import { canonicalJson } from '../../../src/nlu/corpus/canonical-json';
import { jsonErrorPosition } from '../../../src/nlu/corpus/json-position';
import { parseRegexRule } from '../../../src/nlu/corpus/regex-rule';
import { utteranceKey } from '../../../src/nlu/corpus/utterance-key';

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error('expected invalid JSON');
}

describe('jsonErrorPosition', () => {
  it('turns a character position into line and column', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}';
    expect(jsonErrorPosition(text, parseError(text))).toEqual({ line: 3, column: 3 });
  });

  it('points at the end of the text when the JSON stops early', () => {
    const text = '{\n  "a": [1,';
    expect(jsonErrorPosition(text, parseError(text))).toEqual({ line: 2, column: 11 });
  });

  it('takes line and column from newer V8 messages as they are', () => {
    expect(jsonErrorPosition('', new SyntaxError('Unexpected token (line 7 column 2)'))).toEqual({
      line: 7,
      column: 2,
    });
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
