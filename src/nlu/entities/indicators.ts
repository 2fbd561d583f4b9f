import { isIP } from 'node:net';
import { isDomain, isURL, refang } from 'ioc-extractor';
import type { HashKind, IndicatorEntityType } from '../types';
import { addressRangeOf, canonicalIp, type AddressRange } from './address-range';
import { nearWordIn, TERMINAL_SOURCE_WORDS, TERMINAL_WORDS } from './context-words';
import type { EntityCandidate } from './entity-candidates';

/**
 * Indicators of compromise in free text and pasted blocks: IP addresses (v4 and v6), domains, URLs
 * and file hashes, also in the defanged forms analysts paste (`1.2.3[.]4`, `evil[.]com`,
 * `hxxps://…`, `[:]//`, `(.)`, `[dot]`). They are found in code, not by corpus regexes: refanging
 * and TLD validation come from ioc-extractor, and each value keeps the span the analyst typed.
 */

/** A run of characters that may hold one indicator: up to whitespace, quotes, commas, pipes. */
const INDICATOR_TOKEN = /[^\s<>"'`,;|]+/g;
const LEADING_PUNCTUATION = /^[([{*]+/;
const TRAILING_PUNCTUATION = /[.:!?*]+$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const HASH_KINDS: Readonly<Record<number, HashKind>> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };
const HEX = /^[0-9a-f]+$/i;
/** An IPv4 address with a port (`1.2.3.4:8080`): the address is the indicator. */
const IPV4_WITH_PORT = /^(.+):\d{1,5}$/;
/**
 * Top-level domains that are also everyday file extensions: `readme.md`, `setup.py`, `logs.zip`
 * are file names unless the analyst defanged them (`evil[.]zip`) or wrote them in a URL.
 */
const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set(['zip', 'mov', 'py', 'md', 'sh', 'so']);

/** The span of a token in the text, edge punctuation and unbalanced brackets removed. */
export interface Span {
  text: string;
  start: number;
  end: number;
}

/**
 * The indicator candidates in `text`: `ip` (also the `terminal` when the words say it is the
 * source, as for a plain IP), `domain`, `url` and `hash`. Values are refanged and normalised
 * (lower-case domain without a trailing dot, URL as given apart from refanging, lower-case hash,
 * IPv6 compressed); `sourceText`, `start` and `end` are the span as typed. A host name with a
 * terminal word before it ("host srv1.corp.com") is left to the terminal rule.
 *
 * @example
 *   indicatorCandidates('vtip 1.2.3[.]4 and evil[.]com')
 *   // → [{ entity: 'ip', value: '1.2.3.4', sourceText: '1.2.3[.]4', … }, { entity: 'domain', value: 'evil.com', … }]
 */
export function indicatorCandidates(text: string): EntityCandidate[] {
  return indicatorTokens(text).flatMap((span) => interpret(span, text));
}

/**
 * The runs of text that may each hold one indicator, with their offsets: split at whitespace,
 * quotes, commas, semicolons and pipes, sentence punctuation and quoting brackets trimmed.
 *
 * @example
 *   indicatorTokens('(evil[.]com), 1.2.3.4.').map((t) => t.text) // → ['evil[.]com', '1.2.3.4']
 */
export function indicatorTokens(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(INDICATOR_TOKEN)) {
    const span = trimmed({ text: match[0], start: match.index, end: match.index + match[0].length });
    if (span.text !== '') spans.push(span);
  }
  return spans;
}

/** An indicator's normalised value and what its shape tells about it. */
export interface IndicatorValue {
  value: string;
  hashKind?: HashKind;
  addressRange?: AddressRange;
}

/**
 * Reads one whole token as an indicator of `type`, defanged or not, with no context rules (an
 * answer to "Which domain?" may be "readme.md"). Undefined when it is not one.
 *
 * @example
 *   readIndicator('domain', 'Evil[.]COM.')  // → { value: 'evil.com' }
 *   readIndicator('ip', '10.1.2[.]3')       // → { value: '10.1.2.3', addressRange: 'private' }
 *   readIndicator('hash', 'not-a-hash')     // → undefined
 */
export function readIndicator(type: IndicatorEntityType, token: string): IndicatorValue | undefined {
  const refanged = refangToken(token.trim());
  switch (type) {
    case 'url':
      return SCHEME.test(refanged) && isUrl(refanged) ? { value: refanged } : undefined;
    case 'ip': {
      if (isIP(refanged) === 0) return undefined;
      const value = canonicalIp(refanged);
      const range = addressRangeOf(value);
      return { value, ...(range && { addressRange: range }) };
    }
    case 'hash': {
      const kind = HEX.test(refanged) ? HASH_KINDS[refanged.length] : undefined;
      return kind === undefined ? undefined : { value: refanged.toLowerCase(), hashKind: kind };
    }
    case 'domain': {
      const domain = refanged.replace(/\.$/, '').toLowerCase();
      return !refanged.includes('@') && isDomain(domain) ? { value: domain } : undefined;
    }
  }
}

function interpret(span: Span, text: string): EntityCandidate[] {
  if (!mayBeIndicator(span.text)) return [];
  const refanged = refangToken(span.text);
  if (SCHEME.test(refanged)) {
    const url = readIndicator('url', span.text);
    return url ? [indicator('url', span, url.value, 3)] : [];
  }
  if (isIP(refanged) !== 0) return ipCandidates(span, text, refanged);
  const withPort = IPV4_WITH_PORT.exec(refanged)?.[1];
  if (withPort !== undefined && isIP(withPort) === 4) {
    const address = span.text.slice(0, span.text.lastIndexOf(':'));
    return ipCandidates({ ...span, text: address, end: span.start + address.length }, text, withPort);
  }
  const hash = readIndicator('hash', span.text);
  if (hash)
    return [{ ...indicator('hash', span, hash.value, 3), ...(hash.hashKind && { hashKind: hash.hashKind }) }];
  const domain = readIndicator('domain', span.text);
  if (!domain) return [];
  if (refanged === span.text) {
    // Typed plainly, "host srv1.corp.com" is the attacker's terminal and "readme.md" a file.
    if (nearWordIn(text, span.start, TERMINAL_WORDS)) return [];
    const labels = domain.value.split('.');
    if (labels.length === 2 && FILE_EXTENSION_TLDS.has(labels[1] ?? '')) return [];
  }
  return [indicator('domain', span, domain.value, 3)];
}

/**
 * A cheap first look that spares refanging and the TLD check for plain words, which are most of
 * every message: an indicator has a dot, a colon or a defang bracket, or is a hash's length.
 */
function mayBeIndicator(token: string): boolean {
  return /[.:[\](){}]/.test(token) || token.length >= 32;
}

/**
 * An IP candidate with its canonical value and range, plus the terminal on the same span when the
 * nearest words say it is the source ("from 10.20.30.40"). Shared with the corpus `ip` rule.
 *
 * @example
 *   ipCandidates({ text: '10.1.2.3', start: 5, end: 13 }, 'from 10.1.2.3', '10.1.2.3')
 *   // → [ip 10.1.2.3 (addressRange 'private'), terminal 10.1.2.3]
 */
export function ipCandidates(span: Span, text: string, address: string): EntityCandidate[] {
  const value = canonicalIp(address);
  const range = addressRangeOf(value);
  const ip: EntityCandidate = { ...indicator('ip', span, value, 2), ...(range && { addressRange: range }) };
  if (!nearWordIn(text, span.start, TERMINAL_SOURCE_WORDS)) return [ip];
  return [ip, indicator('terminal', span, value, 3)];
}

function indicator(
  entity: EntityCandidate['entity'],
  span: Span,
  value: string,
  confidence: EntityCandidate['confidence'],
): EntityCandidate {
  return { entity, value, sourceText: span.text, start: span.start, end: span.end, confidence };
}

/**
 * The refanged form of one token. ioc-extractor knows the defanging conventions; it reads only a
 * lower-case `hxxp`, so the scheme's case is evened out first.
 */
function refangToken(token: string): string {
  return refang(token.replace(/^hxxps?/i, (scheme) => scheme.toLowerCase()));
}

/** A URL ioc-extractor accepts, or an http(s) URL to an internal host ("http://pc-0815.corp.local/x"). */
function isUrl(text: string): boolean {
  if (isURL(text)) return true;
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    return new URL(text).hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Removes sentence punctuation and quoting brackets around a token ("(evil.com)", "1.2.3.4."),
 * keeping the defang brackets inside it ("evil[.]com").
 */
function trimmed(span: Span): Span {
  let { text, start } = span;
  const lead = LEADING_PUNCTUATION.exec(text)?.[0].length ?? 0;
  text = text.slice(lead);
  start += lead;
  for (;;) {
    // "fe80::" ends in colons that belong to it.
    if (isIP(text) !== 0) break;
    const before = text;
    text = text.replace(TRAILING_PUNCTUATION, '');
    if (/[)\]}]$/.test(text) && unbalanced(text)) text = text.slice(0, -1);
    if (text === before) break;
  }
  return { text, start, end: start + text.length };
}

/** More closing than opening brackets: the last one closes something outside the token. */
function unbalanced(text: string): boolean {
  const count = (pattern: RegExp): number => text.match(pattern)?.length ?? 0;
  return count(/[)\]}]/g) > count(/[([{]/g);
}
