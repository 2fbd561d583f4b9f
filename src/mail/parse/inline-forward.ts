import type { MailContent } from '../mail-message';
import { readHeaderLine, readSender, readWrittenDate, type ForwardedHeaderName } from './forwarded-header';

/** A forward written into the body: the forwarder's note above it, and the original below. */
export interface InlineForward {
  /** What the forwarder wrote above the forward block ('' when nothing). */
  readonly note: string;
  readonly original: MailContent;
}

/**
 * The lines mail clients write above a forwarded mail: Gmail and Thunderbird
 * (`---------- Forwarded message ---------`), Outlook (`-----Original Message-----`, or a line of
 * underscores) and Apple Mail (`Begin forwarded message:`).
 */
const FORWARD_MARKERS: readonly RegExp[] = [
  /^-{2,}\s*forwarded message\s*-{2,}$/i,
  /^-{2,}\s*original message\s*-{2,}$/i,
  /^begin forwarded message:?$/i,
  /^_{8,}$/,
];

/** A line's `>` quoting, e.g. `> > `. */
const QUOTE_PREFIX = /^(?:>[ \t]?)+/;

/**
 * Finds the first inline forward in a mail's text. A forward is a marker line (or Outlook's header
 * block on its own) followed by header lines that name at least a sender or a subject; the
 * original's text is what follows that header block. A quoted forward (`> From: …`) is unquoted.
 * A mail that only says "Fwd:" in its subject has no forward block and gives undefined.
 *
 * @example
 *   findInlineForward('FYI\n---------- Forwarded message ---------\nFrom: a@b.example\nSubject: Hi\n\nBody')
 *   // { note: 'FYI', original: { from: 'a@b.example', fromAddress: 'a@b.example', subject: 'Hi', text: 'Body' } }
 */
export function findInlineForward(text: string): InlineForward | undefined {
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const quoteDepth = depthOfQuote(line);
    const unquoted = unquote(line, quoteDepth).trim();
    const isMarker = FORWARD_MARKERS.some((marker) => marker.test(unquoted));
    const isOutlookBlock = !isMarker && readHeaderLine(unquoted)?.name === 'from';
    if (!isMarker && !isOutlookBlock) continue;

    const after = lines.slice(isMarker ? index + 1 : index).map((next) => unquote(next, quoteDepth));
    const block = readHeaderBlock(after);
    if (!block) continue;
    // Without a marker, only Outlook's full block (sender, when, subject) counts: a lone
    // "From: …" line in someone's text is not a forward.
    if (
      isOutlookBlock &&
      !(block.headers.has('subject') && (block.headers.has('sent') || block.headers.has('date')))
    ) {
      continue;
    }
    return {
      note: lines.slice(0, index).join('\n').trim(),
      original: contentOf(block.headers, after.slice(block.end).join('\n').trim()),
    };
  }
  return undefined;
}

/** The header lines after a marker (blank lines before them skipped) and where the body starts. */
function readHeaderBlock(
  lines: readonly string[],
): { headers: Map<ForwardedHeaderName, string>; end: number } | undefined {
  const headers = new Map<ForwardedHeaderName, string>();
  let index = 0;
  while (index < lines.length && (lines[index] ?? '').trim() === '') index++;
  for (; index < lines.length; index++) {
    const header = readHeaderLine(lines[index] ?? '');
    if (!header) break;
    if (!headers.has(header.name)) headers.set(header.name, header.value);
  }
  if (!headers.has('from') && !headers.has('subject')) return undefined;
  return { headers, end: index };
}

function contentOf(headers: ReadonlyMap<ForwardedHeaderName, string>, text: string): MailContent {
  const date = readWrittenDate(headers.get('date') ?? headers.get('sent') ?? '');
  return {
    ...readSender(headers.get('from') ?? ''),
    subject: headers.get('subject') ?? '',
    ...(date === undefined ? {} : { date }),
    text,
  };
}

function depthOfQuote(line: string): number {
  return (QUOTE_PREFIX.exec(line)?.[0] ?? '').replace(/[^>]/g, '').length;
}

/** Removes up to `depth` levels of `>` quoting. */
function unquote(line: string, depth: number): string {
  let rest = line;
  for (let level = 0; level < depth && rest.startsWith('>'); level++) rest = rest.replace(/^>[ \t]?/, '');
  return rest;
}
