import { Readable } from 'node:stream';
import { LineSplitter, readLines } from '../../src/cli/read-lines';

async function collect(chunks: (string | Buffer)[], max = 10) {
  const lines = [];
  for await (const line of readLines(Readable.from(chunks), max)) lines.push(line);
  return lines;
}

describe('readLines', () => {
  it('splits on \\n and \\r\\n, keeps blank lines and a last line without newline', async () => {
    expect((await collect(['a\r\nb', 'c\n\nlast'])).map((l) => [l.number, l.text])).toEqual([
      [1, 'a'],
      [2, 'bc'],
      [3, ''],
      [4, 'last'],
    ]);
  });

  it('keeps at most maxChars of a line across chunks and counts the rest', async () => {
    const lines = await collect(['0123456', '789abcdef', 'ghij\nok\n'], 10);
    expect(lines).toEqual([
      { number: 1, text: '0123456789', droppedChars: 10 },
      { number: 2, text: 'ok', droppedChars: 0 },
    ]);
  });

  it('decodes UTF-8 split across byte chunks', async () => {
    const bytes = Buffer.from('grüße\n', 'utf8');
    const lines = await collect([bytes.subarray(0, 3), bytes.subarray(3)]);
    expect(lines.map((l) => l.text)).toEqual(['grüße']);
  });

  it('never leaves half a surrogate pair at a cut', () => {
    const splitter = new LineSplitter(3);
    expect(splitter.push('ab😀c\n')[0]?.text).toBe('ab');
  });

  it('returns nothing for empty input', async () => {
    expect(await collect([])).toEqual([]);
  });
});
