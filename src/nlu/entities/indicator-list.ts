import { isIndicatorEntityType, type Entity } from '../types';
import { MAX_EXTRACTION_CHARS } from './extraction-bound';
import { MAX_INDICATORS } from './indicator-limit';
import { indicatorCandidates, indicatorTokens, readIndicator } from './indicators';

/**
 * An `indicators` slot's value: every indicator of a message (IPs, domains, URLs, hashes, refanged
 * and normalised) as one space-separated list, at most MAX_INDICATORS, each once, followed by
 * `(+N more)` when the message held more, so the look-up can say what it left out.
 */

/** The kinds tried on a token of an answer, most specific first: a URL holds a domain, a hash is no domain. */
const ANSWER_TYPES = ['url', 'ip', 'hash', 'domain'] as const;
const LEFT_OUT = /\s*\(\+(\d+) more\)$/;

/**
 * The indicators of a sentence as one `indicators` entity, by the extractor's rules (a host after
 * "terminal" is no domain, "readme.md" is a file); undefined when it has none.
 *
 * @example
 *   findIndicatorList('check 1.2.3[.]4 and evil[.]com') // → { entity: 'indicators', value: '1.2.3.4 evil.com', … }
 */
export function findIndicatorList(text: string): Entity | undefined {
  const bounded = text.slice(0, MAX_EXTRACTION_CHARS);
  const found = indicatorCandidates(bounded).filter((candidate) => isIndicatorEntityType(candidate.entity));
  // An IP that is also the terminal is two candidates on one span: one indicator.
  const spans = found.filter(
    (candidate, i) => found.findIndex((other) => other.start === candidate.start) === i,
  );
  const taken = spans.slice(0, MAX_INDICATORS);
  const first = taken[0];
  const last = taken.at(-1);
  if (!first || !last) return undefined;
  const values = [...new Set(taken.map((candidate) => candidate.value))];
  const sourceText = bounded.slice(first.start, last.end);
  return {
    entity: 'indicators',
    value: withLeftOut(values, spans.length - taken.length),
    sourceText,
    start: first.start,
    end: first.start + sourceText.length,
  };
}

/**
 * The indicators of an answer to "Which indicator?" as a slot value, read token by token without
 * context rules ("readme.md" given as the answer is the domain asked for); undefined for none.
 *
 * @example
 *   readIndicatorList('hxxps://evil[.]com/x, 10.1.2.3') // → 'https://evil.com/x 10.1.2.3'
 */
export function readIndicatorList(text: string): string | undefined {
  const values = indicatorTokens(text.slice(0, MAX_EXTRACTION_CHARS)).flatMap((token) => {
    for (const type of ANSWER_TYPES) {
      const read = readIndicator(type, token.text);
      if (read) return [read.value];
    }
    return [];
  });
  const unique = [...new Set(values)];
  if (unique.length === 0) return undefined;
  // A slot value checked again (every value is, when a form takes it) keeps what it said was left out.
  const saidLeftOut = Number(LEFT_OUT.exec(text.trim())?.[1] ?? 0);
  return withLeftOut(
    unique.slice(0, MAX_INDICATORS),
    saidLeftOut + Math.max(0, unique.length - MAX_INDICATORS),
  );
}

/**
 * A slot value's indicators and how many the message held beyond them.
 *
 * @example
 *   splitIndicatorList('1.2.3.4 evil.com (+3 more)') // → { values: ['1.2.3.4', 'evil.com'], leftOut: 3 }
 */
export function splitIndicatorList(value: string): { values: string[]; leftOut: number } {
  const leftOut = Number(LEFT_OUT.exec(value)?.[1] ?? 0);
  const values = value
    .replace(LEFT_OUT, '')
    .split(/\s+/)
    .filter((item) => item !== '');
  return { values, leftOut };
}

function withLeftOut(values: readonly string[], leftOut: number): string {
  return leftOut > 0 ? `${values.join(' ')} (+${leftOut} more)` : values.join(' ');
}
