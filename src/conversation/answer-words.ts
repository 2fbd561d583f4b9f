/**
 * Short answers that need no model: "yes"/"no" at the confirmation, "insist" to a skill's warning
 * ("yes anyway": a plain "yes" there may be the first answer sent twice), "skip" for an optional slot.
 * Matched on the whole message (case, punctuation and spacing ignored) so that "no, the terminal
 * is PC-0816" is a correction, not a plain "no".
 */
export type AnswerWord = 'yes' | 'insist' | 'no' | 'skip';

const WORDS: Record<AnswerWord, readonly string[]> = {
  yes: [
    'yes',
    'y',
    'yeah',
    'yep',
    'ok',
    'okay',
    'confirm',
    'confirmed',
    'correct',
    'sure',
    'go ahead',
    'do it',
    'yes please',
  ],
  insist: ['yes anyway', 'anyway', 'do it anyway', 'confirm anyway', 'yes do it anyway'],
  no: ['no', 'n', 'nope', 'no thanks', 'dont', 'do not'],
  skip: [
    'skip',
    'none',
    'no priority',
    'n/a',
    'na',
    'default',
    'dont know',
    'i dont know',
    'unknown',
    'no idea',
  ],
};

/** The answer word the whole message is, if any. */
export function readAnswerWord(text: string): AnswerWord | undefined {
  const normalized = text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\w/\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return (Object.keys(WORDS) as AnswerWord[]).find((word) => WORDS[word].includes(normalized));
}
