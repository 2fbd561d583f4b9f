/** A training phrase is at most this long: enough to carry a mail's gist, short enough to train on. */
export const MAX_MAIL_PHRASE_CHARS = 300;

// C0 and C1 controls and DEL: mail text is anyone's text, and a corpus phrase is one plain line.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * The phrase a mail contributes to the mail corpus (and its excerpt in the monthly report), in the
 * corpus's form `Subject: … — body`: its subject, then as many whole sentences of its body as fit
 * in `maxChars`, on one line (a mail without subject is its body alone). When not even the first
 * sentence fits, it is cut at a word; never empty for a mail with any text.
 *
 * @example
 *   mailPhrase('Lost laptop\nI left my laptop on the train. It has the VPN token. Call me.', 50);
 *   // → 'Subject: Lost laptop — I left my laptop on the train.'
 */
export function mailPhrase(classifiedText: string, maxChars = MAX_MAIL_PHRASE_CHARS): string {
  // The classified text is `subject\nbody` (src/mail/mail-message.ts classifiedText).
  const [subjectLine = '', ...bodyLines] = classifiedText.split('\n');
  const subject = oneLine(subjectLine);
  const sentences = oneLine(bodyLines.join('\n'))
    .split(/(?<=[.!?])\s+/)
    .filter((sentence) => sentence !== '');
  // The mail corpus writes one mail as `Subject: … — body` (corpus/mail/README.md).
  const start = subject === '' ? '' : `Subject: ${subject} —`;
  let phrase = start;
  for (const sentence of sentences) {
    const longer = phrase === '' ? sentence : `${phrase} ${sentence}`;
    if (longer.length > maxChars) break;
    phrase = longer;
  }
  if (phrase === start) {
    // No body, or not even its first sentence fitted whole (or the subject is too long): cut at a word.
    phrase = sentences.length > 0 ? [start, sentences[0]].filter(Boolean).join(' ') : start;
  }
  return cutAtWord(phrase, maxChars).replace(/ —$/, '');
}

function oneLine(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}

/** The longest start of `text` within `maxChars` that ends at a word (or a hard cut for one long word). */
function cutAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : text.slice(0, maxChars)).trim();
}
