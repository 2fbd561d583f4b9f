import { textChunks } from '../../../src/nlu/entities/text-chunks';

describe('textChunks', () => {
  it('keeps a short text whole', () => {
    expect(textChunks('alert 4711 on PRD', 160)).toEqual([{ text: 'alert 4711 on PRD', offset: 0 }]);
  });

  it('cuts after a sentence end when there is one in the second half', () => {
    expect(textChunks('alert 4711. user DDIC', 14)).toEqual([
      { text: 'alert 4711. ', offset: 0 },
      { text: 'user DDIC', offset: 12 },
    ]);
  });

  it('otherwise cuts at the last whitespace, and hard-cuts a text without any', () => {
    expect(textChunks('aaa bbb ccc', 9)).toEqual([
      { text: 'aaa bbb ', offset: 0 },
      { text: 'ccc', offset: 8 },
    ]);
    expect(textChunks('x'.repeat(10), 4).map((chunk) => chunk.text)).toEqual(['xxxx', 'xxxx', 'xx']);
  });

  it('covers the text exactly: pieces joined give the text, offsets match', () => {
    const text = 'ETD raised alert 4711 on PRD. User DDIC! From PC-0815; prio 1\nthanks '.repeat(30);
    const chunks = textChunks(text, 160);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(160);
      expect(text.slice(chunk.offset, chunk.offset + chunk.text.length)).toBe(chunk.text);
    }
  });
});
