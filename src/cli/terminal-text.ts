// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from alerts (a SIEM's title, an analyst's name) as it may be shown on a terminal: an escape
 * sequence in it (OSC 52 writes the clipboard, others rewrite lines) would be obeyed, so every
 * control character but the line break becomes a visible `\xNN`. The same rule as `socbot review`.
 *
 * @example
 *   printable('Debug\u001b[2J'); // 'Debug\\x1b[2J'
 */
export function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Exact JSON for a terminal: JSON.stringify escapes U+0000-U+001F but leaves DEL and the C1
 * controls (U+007F-U+009F, e.g. U+009B CSI) raw, so they are written as `\u00NN` escapes too.
 *
 * @example
 *   jsonForTerminal({ kind: 'a\u009b2J' }); // '{\n  "kind": "a\\u009b2J"\n}'
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
