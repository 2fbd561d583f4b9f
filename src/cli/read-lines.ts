import { StringDecoder } from 'node:string_decoder';

/** One input line, cut to the maximum length. */
export interface InputLine {
  /** 1-based line number in the input. */
  number: number;
  text: string;
  /** How many characters were dropped beyond the maximum (0 when the line fit). */
  droppedChars: number;
}

/**
 * Splits a text stream into lines without ever holding more than `maxChars` of one line: the rest
 * of an over-long line is counted and dropped, so a gigabyte without a newline cannot exhaust memory.
 * Accepts `\n` and `\r\n` endings; a last line without a newline is still returned.
 *
 * @example
 *   for await (const line of readLines(process.stdin, 10_000)) console.log(line.number, line.text);
 */
export async function* readLines(input: NodeJS.ReadableStream, maxChars: number): AsyncGenerator<InputLine> {
  const decoder = new StringDecoder('utf8');
  const splitter = new LineSplitter(maxChars);
  for await (const chunk of input) {
    yield* splitter.push(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
  }
  yield* splitter.push(decoder.end());
  yield* splitter.end();
}

/** The incremental part of `readLines`: feed text, collect completed lines. */
export class LineSplitter {
  private current = '';
  private dropped = 0;
  private lineNumber = 0;

  constructor(private readonly maxChars: number) {}

  push(text: string): InputLine[] {
    const lines: InputLine[] = [];
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      this.append(newline === -1 ? text.slice(start) : text.slice(start, newline));
      if (newline === -1) return lines;
      lines.push(this.finishLine());
      start = newline + 1;
    }
  }

  /** The last line when the input does not end with a newline. */
  end(): InputLine[] {
    return this.current.length > 0 || this.dropped > 0 ? [this.finishLine()] : [];
  }

  private append(piece: string): void {
    const room = this.maxChars - this.current.length;
    if (piece.length <= room) {
      this.current += piece;
      return;
    }
    this.current += piece.slice(0, room);
    this.dropped += piece.length - room;
  }

  private finishLine(): InputLine {
    this.lineNumber += 1;
    let text = this.current;
    if (this.dropped === 0 && text.endsWith('\r')) text = text.slice(0, -1);
    // A cut can split a surrogate pair; drop the orphan half rather than emit broken UTF-16.
    if (this.dropped > 0 && /[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
    const line = { number: this.lineNumber, text, droppedChars: this.dropped };
    this.current = '';
    this.dropped = 0;
    return line;
  }
}
