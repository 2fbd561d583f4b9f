/**
 * The names every plain JavaScript object answers to through its prototype. A lookup such as
 * `dictionary[word]` on `{}` returns a function for "constructor" or "toString" instead of
 * undefined, so a user word must never be looked up on a plain object. Tests feed each of these
 * names through recognition; the NLU itself uses Maps and prototype-free objects instead.
 *
 * @example
 *   PROTOTYPE_NAMES.includes('constructor') // → true
 */
export const PROTOTYPE_NAMES: readonly string[] = [
  'constructor',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
];
