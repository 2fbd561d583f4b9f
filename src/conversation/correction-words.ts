/**
 * The analyst says the bot misread their previous message: "no, I meant reopen it" names what they
 * meant (`meant`, the rest of the message), "no, that's wrong" does not (`wrong`). Read by a
 * pattern, like an approval decision: a correction is not a command of the model's.
 */
export type CorrectionWords = { kind: 'meant'; meant: string } | { kind: 'wrong' };

const APOSTROPHES = /[’`´]/g;

/** "no, I meant X", "nope I wanted to X", "I meant X", "not that, X", "wrong: X". */
const MEANT_PATTERNS: readonly RegExp[] = [
  /^(?:no+|nope|nah)\b[\s,.;:!–—-]*i\s+(?:meant|mean|wanted)\s+(?:to\s+)?(?:say\s+)?(.+)$/i,
  /^i\s+meant\s+(?:to\s+)?(?:say\s+)?(.+)$/i,
  /^(?:not\s+that|wrong)\s*[,;:!–—-]+\s*(.+)$/i,
];

/** "no, that's wrong", "that's not what I meant", "wrong", "not that", "nope, not what I wanted". */
const WRONG_PATTERN =
  /^(?:(?:no+|nope|nah)\b[\s,.;:!–—-]*)?(?:(?:that'?s|that\s+is|this\s+is|it'?s)\s+)?(?:wrong|not\s+(?:it|that|right|what\s+i\s+(?:meant|wanted|asked(?:\s+for)?)))(?:\s+at\s+all)?[\s.!]*$/i;

/**
 * The correction `text` says, or undefined when it is none. A bare "no" is not one: it answers a
 * question.
 *
 * @example
 *   readCorrectionWords('no, I meant reopen it'); // { kind: 'meant', meant: 'reopen it' }
 *   readCorrectionWords("that's not what I meant"); // { kind: 'wrong' }
 */
export function readCorrectionWords(text: string): CorrectionWords | undefined {
  const said = text.trim().replace(APOSTROPHES, "'");
  for (const pattern of MEANT_PATTERNS) {
    const meant = pattern
      .exec(said)?.[1]
      ?.trim()
      .replace(/[\s.!]+$/, '');
    if (meant) return { kind: 'meant', meant };
  }
  return WRONG_PATTERN.test(said) ? { kind: 'wrong' } : undefined;
}
