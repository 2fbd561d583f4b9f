/**
 * JSON for a json/jsonb parameter: `JSON.stringify(value)` with U+0000 and unpaired UTF-16
 * surrogates replaced by U+FFFD. jsonb rejects both (SQLSTATE 22P05 / 22P02) although the files
 * mode stores them, and a chat message or a SIEM field must not fail a write over one character.
 *
 * Node writes exactly these characters as `\u0000` / `\udXXX` escapes (a paired surrogate is
 * written as itself), so only escapes are rewritten; an escaped backslash before `u0000` (the
 * text `\u0000` typed literally) is left alone.
 *
 * @example
 *   await db.query('INSERT INTO t (body) VALUES ($1::jsonb)', [jsonParam({ text: 'a\u0000b' })]); // stored "a\ufffdb"
 */
export function jsonParam(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) {
    throw new TypeError('jsonParam: the value has no JSON form (undefined, a function or a symbol)');
  }
  return json.includes('\\u') ? json.replace(UNSTORABLE_ESCAPE, '$1\\ufffd') : json;
}

/**
 * The value as a jsonb column will hold it (see jsonParam): the same value when nothing had to be
 * replaced. For what is hashed or compared before it is stored, so the hash covers what is stored.
 */
export function asStorableJson<T>(value: T): T {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return value;
  const storable = jsonParam(value);
  return storable === json ? value : (JSON.parse(storable) as T);
}

/** `\u0000` or `\uD800`–`\uDFFF` as an escape: preceded by an even number of backslashes. */
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/g;
