/**
 * The words around a candidate that decide what it is: "user DDIC", "terminal PC-0815",
 * "from host", "on system PRD", "sid", "client 100", "alert 4711".
 */

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

/** Words skipped when looking for the nearest context word: "the terminal id is PC-0815". */
const FILLER = set(
  "a an the is was were be been its it's his her their our my your this that of called named name id no nr number = # shows reads",
);

/** Nearest word says "this is a terminal" (and may introduce an unusual host name). */
export const TERMINAL_WORDS = set(
  'terminal terminals terminla host hostname workstation machine pc laptop device computer',
);
/** Nearest words that confirm an IP or host-shaped token is the attacker's terminal. */
export const TERMINAL_SOURCE_WORDS = set(
  `${[...TERMINAL_WORDS].join(' ')} from via source src origin originating originated came attacker attacker's block blocked ip box`,
);
/** Nearest word says "this is an SAP user". */
export const USER_WORDS = set(
  'user users username userid usr uesr account login logon firefighter credentials',
);
/** "logged on as DDIC", "signed in with SAP*", "signed on under BWREMOTE". */
const LOGON_PREPOSITIONS = set('as with under');
const LOGON_VERBS = set('on in logged signed logon login log sign');
/** Nearest word says "this is a system" (and may introduce a lower-case or unusual SID). */
export const SYSTEM_WORDS = set('system systems sytem sid sys instance');
/** Nearer words that make an upper-case three-character word a SID: "on PRD", "hit BWP". */
export const SYSTEM_HINT_WORDS = set(
  `${[...SYSTEM_WORDS].join(' ')} on in against at hit target targeted production prod quality development landscape`,
);
/** Nearest words that make a bare number an alert ID: "alert 4711", "ETD alert no. 12". */
export const ALERT_WORDS = set('alert alerts allert alrt alarm incident ticket etd siem');
/** Words within two of a priority word that make it a priority: "prio high", "critical alert". */
export const PRIORITY_WORDS = set('priority prio severity sev urgency alert alarm incident ticket');

/** A whitespace-separated chunk; surrounding punctuation is stripped before it is judged a word. */
const CHUNK = /\S+/g;
const EDGE_PUNCTUATION = /^[\s"'([,;:.!?]+|[\s"')\],;:.!?]+$/g;
const PLAIN_WORD = /^[A-Za-z][A-Za-z']*$/;
/** Stands for an ID-like chunk ("PC-0815", "100"): it is not a context word, and it is not skipped. */
const ID_MARKER = '<id>';

/** "terminal:" → "terminal", "PC-0815" → "<id>", "=" → "=" (filler), "," → nothing. */
function chunkWords(text: string): string[] {
  const words: string[] = [];
  for (const [chunk] of text.matchAll(CHUNK)) {
    const stripped = chunk.replace(EDGE_PUNCTUATION, '');
    // Lone punctuation ("," "-") is no word at all; "=" and "#" are kept as filler.
    if (stripped === '') {
      if (chunk === '=' || chunk === '#') words.push(chunk);
      continue;
    }
    words.push(PLAIN_WORD.test(stripped) ? stripped.toLowerCase() : ID_MARKER);
  }
  return words;
}

/** How far around a candidate context words are looked for, in characters (keeps it O(1)). */
const CONTEXT_REACH = 60;

/**
 * The non-filler words before `index`, nearest first, lower case.
 *
 * @example
 *   wordsBefore('the terminal id is PC-0815', 19, 2) // → ['terminal']
 */
export function wordsBefore(text: string, index: number, count: number): string[] {
  const words = chunkWords(text.slice(Math.max(0, index - CONTEXT_REACH), index)).reverse();
  // The window may cut a word in half: drop the first (farthest) word when it does.
  if (index > CONTEXT_REACH && /\S/.test(text.charAt(index - CONTEXT_REACH - 1))) words.pop();
  return words.filter((word) => !FILLER.has(word)).slice(0, count);
}

/** The words after `index`, nearest first, lower case (filler kept: "PRD client 100"). */
export function wordsAfter(text: string, index: number, count: number): string[] {
  const words = chunkWords(text.slice(index, index + CONTEXT_REACH));
  // The window may end inside a word: drop the last word when it does.
  if (/\S/.test(text.charAt(index + CONTEXT_REACH))) words.pop();
  return words.slice(0, count);
}

/** True when the nearest non-filler word before `index` is in `words`. */
export function nearestWordIn(text: string, index: number, words: ReadonlySet<string>): boolean {
  const [nearest] = wordsBefore(text, index, 1);
  return nearest !== undefined && words.has(nearest);
}

/** True when one of the two nearest non-filler words before `index` is in `words`. */
export function nearWordIn(text: string, index: number, words: ReadonlySet<string>): boolean {
  return wordsBefore(text, index, 2).some((word) => words.has(word));
}

/** "user DDIC", "the account is J.DOE", "logged on as SAP*". */
export function hasUserContext(text: string, index: number): boolean {
  const [nearest, second] = wordsBefore(text, index, 2);
  if (nearest === undefined) return false;
  if (USER_WORDS.has(nearest)) return true;
  return LOGON_PREPOSITIONS.has(nearest) && second !== undefined && LOGON_VERBS.has(second);
}
