/**
 * Every string socbot puts into an outbound request starts as a typed field and passes through
 * here first. A field is bounded (256 characters by default) because a slot value is a terminal,
 * a user or an SID: anything longer is a mistake or an attack, and a ticket field that size is
 * still readable. Control characters are removed so that no value can start a new header line
 * (CRLF) or hide text; newlines survive only where `multiLine` allows them.
 */
export const FIELD_MAX_CHARS = 256;

/** Longest free text (a description assembled from bounded fields). */
export const TEXT_MAX_CHARS = 4000;

const ELLIPSIS = '…';
// C0 controls (including CR, LF, TAB), DEL and C1 controls; also Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * One line of text, control characters replaced by spaces, at most `max` characters.
 *
 * @example
 *   singleLine('PC-0815\r\nX-Injected: 1'); // 'PC-0815  X-Injected: 1'
 *   singleLine('x'.repeat(1000)).length;    // 256
 */
export function singleLine(value: string, max: number = FIELD_MAX_CHARS): string {
  return truncate(value.replace(CONTROL_CHARACTERS, ' ').trim(), max);
}

/**
 * Text that may keep line breaks (`\r\n` becomes `\n`), other control characters removed, at most
 * `max` characters.
 *
 * @example
 *   multiLine('Alert 4711\r\nUser: DDIC'); // 'Alert 4711\nUser: DDIC'
 */
export function multiLine(value: string, max: number = TEXT_MAX_CHARS): string {
  return truncate(value.replace(/\r\n?/g, '\n').replace(CONTROL_EXCEPT_NEWLINE, ' ').trim(), max);
}

function truncate(value: string, max: number): string {
  const characters = Array.from(value); // by code point, so a surrogate pair is never split
  return characters.length <= max ? value : characters.slice(0, max - 1).join('') + ELLIPSIS;
}
