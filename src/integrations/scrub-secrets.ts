/** Shorter secrets are ignored: they would censor ordinary words. */
const MIN_SECRET_CHARS = 4;
/** A base64 piece this short could be anything; longer ones are the secret's own bits. */
const MIN_BASE64_PIECE_CHARS = 6;
/** Encodings are applied on top of each other this many times (URL-encoded JSON, base64 of JSON …). */
const NESTING_DEPTH = 2;
/** Scrubbers are kept for this many different secret lists (each provider has one list). */
const CACHED_SCRUBBERS = 32;

const REDACTED = '[redacted]';

/** One way a service may re-encode a text it echoes; base64 gives several pieces (see base64Pieces). */
type Encoding = (text: string) => string[];

const ENCODINGS: readonly Encoding[] = [
  (text) => [encodeURIComponent(text)],
  // application/x-www-form-urlencoded: space as `+`, and `!'()~` encoded too.
  (text) => [new URLSearchParams({ v: text }).toString().slice(2)],
  (text) => [JSON.stringify(text).slice(1, -1)],
  // JSON as PHP and Java serializers write it: `\/` and `\u00e9`.
  (text) => [
    JSON.stringify(text)
      .slice(1, -1)
      .replace(/\//g, '\\/')
      .replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  ],
  (text) => base64Pieces(text, 'base64'),
  (text) => base64Pieces(text, 'base64url'),
];

/**
 * Every form in which `secret` may appear in a service's answer: literal, URL-encoded
 * (encodeURIComponent and form `+`), JSON-escaped, base64 and base64url at any byte offset (so the
 * password inside a Basic `user:password` pair or a base64 JSON body is found too), and these nested
 * two deep (URL-encoded JSON, base64 of JSON, URL-encoded base64, …).
 *
 * @example
 *   secretForms('hunter22'); // ['hunter22', 'aHVudGVyMj', …]
 */
export function secretForms(secret: string): string[] {
  if (secret.length < MIN_SECRET_CHARS) return [];
  const forms = new Set([secret]);
  let layer = [secret];
  for (let depth = 0; depth < NESTING_DEPTH; depth += 1) {
    layer = layer.flatMap((text) => ENCODINGS.flatMap((encode) => encode(text)));
    for (const form of layer) forms.add(form);
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_CHARS);
}

/**
 * A function that replaces every form of the given secrets (see {@link secretForms}) by
 * `[redacted]`. Build it once per secret list: it compiles one regular expression.
 *
 * @example
 *   const scrub = createSecretScrubber([password]);
 *   scrub(`refused ${encodeURIComponent(password)}`); // 'refused [redacted]'
 */
export function createSecretScrubber(secrets: readonly string[]): (text: string) => string {
  // Longest first: of two forms that start at the same place, the whole encoded one is removed.
  // Percent escapes in either hex case (`%2F`, `%2f`), as separate plain alternatives.
  const forms = [...new Set(secrets.flatMap(secretForms).flatMap(withLowerCaseHex))].sort(
    (a, b) => b.length - a.length,
  );
  if (forms.length === 0) return (text) => text;
  // Plain alternatives only: character classes around them would make every line ~6× slower to log.
  const pattern = new RegExp(forms.map(escapeRegExp).join('|'), 'g');
  return (text) => {
    pattern.lastIndex = 0;
    let match = pattern.exec(text);
    if (match === null) return text;
    let scrubbed = '';
    let copied = 0;
    while (match !== null) {
      let start = match.index;
      let end = start + match[0].length;
      // A base64 piece: the characters beside it mix the secret's bits with its neighbours' (up to
      // two before, one after), so they go too and no bit of the secret is left beside the marker.
      if (BASE64_TEXT.test(match[0])) {
        while (start > copied && match.index - start < 2 && BASE64_CHAR.test(text.charAt(start - 1)))
          start -= 1;
        if (BASE64_CHAR.test(text.charAt(end))) end += 1;
      }
      scrubbed += `${text.slice(copied, start)}${REDACTED}`;
      copied = end;
      pattern.lastIndex = end;
      match = pattern.exec(text);
    }
    return scrubbed + text.slice(copied);
  };
}

/**
 * Removes known secret values, in every encoding, from a text before it reaches an error message
 * or a log line: a service may echo a request back in its error body, and a library may quote a
 * URL with credentials. Secrets shorter than 4 characters are ignored (they would censor ordinary
 * words).
 *
 * @example
 *   scrubSecrets('login failed for admin:hunter22', ['hunter22']); // 'login failed for admin:[redacted]'
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const key = secrets.join('\u0000');
  let scrub = cachedScrubbers.get(key);
  if (!scrub) {
    scrub = createSecretScrubber(secrets);
    if (cachedScrubbers.size >= CACHED_SCRUBBERS) cachedScrubbers.clear();
    cachedScrubbers.set(key, scrub);
  }
  return scrub(text);
}

const cachedScrubbers = new Map<string, (text: string) => string>();

/**
 * Removes credentials by their shape, for texts whose secrets are not known by value: the
 * `user:password@` of a URL and the value after `Basic` or `Bearer`.
 *
 * @example
 *   scrubCredentialShapes('GET https://u:pw@host/x with Bearer eyJ0…'); // 'GET https://[redacted]@host/x with Bearer [redacted]'
 */
export function scrubCredentialShapes(text: string): string {
  return (
    text
      .replace(/(\b[a-z][\w+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[redacted]@')
      // At least 12 characters with a digit or a symbol: "basic configuration" is left alone.
      .replace(/\b(basic|bearer)\s+(?=[\w.~+/=-]*[\d.~+/=-])[\w.~+/=-]{12,}/gi, '$1 [redacted]')
  );
}

/**
 * The base64 characters that depend on the secret's bytes alone, for each of the three byte
 * offsets it may sit at inside a longer encoded text (`user:password`, a JSON body).
 */
function base64Pieces(text: string, alphabet: 'base64' | 'base64url'): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const pieces: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(alphabet);
    // A base64 character holds 6 bits: skip those that mix in the bytes before or after.
    const piece = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    if (piece.length >= MIN_BASE64_PIECE_CHARS) pieces.push(piece);
  }
  return pieces;
}

/** A form that may be a base64 piece (a literal secret of letters and digits looks the same). */
const BASE64_TEXT = /^[A-Za-z0-9+/_-]+$/;
const BASE64_CHAR = /^[A-Za-z0-9+/_-]$/;

/** The form, and the same with lower-case percent escapes when it has upper-case ones. */
function withLowerCaseHex(form: string): string[] {
  const lower = form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
  return lower === form ? [form] : [form, lower];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
