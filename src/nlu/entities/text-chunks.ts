/** A piece of a text and where it starts in the text. */
export interface TextChunk {
  text: string;
  offset: number;
}

/**
 * Cuts text into pieces of at most `maxLength` characters at whitespace, preferring the end of a
 * sentence or line. The NLP.js enum matcher compares every run of words with its synonyms, which
 * is quadratic in the number of words: 2,000 one-letter words take seconds, 20 chunks of 100
 * characters take milliseconds. Entities never contain whitespace except "prio 1"-style
 * priorities, which a cut at a sentence end does not split.
 *
 * @example
 *   textChunks('alert 4711. user DDIC', 12) // → [{ text: 'alert 4711. ', offset: 0 }, { text: 'user DDIC', offset: 12 }]
 */
export function textChunks(text: string, maxLength: number): TextChunk[] {
  const chunks: TextChunk[] = [];
  let offset = 0;
  while (offset < text.length) {
    let end = Math.min(offset + maxLength, text.length);
    if (end < text.length) end = cutPosition(text, offset, end);
    chunks.push({ text: text.slice(offset, end), offset });
    offset = end;
  }
  return chunks;
}

/** The best place to cut in (start, limit]: after a sentence end, else after whitespace, else at the limit. */
function cutPosition(text: string, start: number, limit: number): number {
  const window = text.slice(start, limit);
  const sentenceEnd = Math.max(
    ...['. ', '! ', '? ', '; ', '\n'].map((mark) => {
      const at = window.lastIndexOf(mark);
      return at < 0 ? -1 : at + mark.length;
    }),
  );
  if (sentenceEnd > window.length / 2) return start + sentenceEnd;
  const space = window.search(/\s\S*$/);
  return space > 0 ? start + space + 1 : limit;
}
