import { isIpAddress } from './entity-shapes';

/** A run of characters that could be an ID (host, user, SID, IP), with its offsets (end exclusive). */
export interface IdToken {
  text: string;
  start: number;
  end: number;
}

const TOKEN = /[A-Za-z0-9#][A-Za-z0-9_.*&/:#-]*/g;
const TRAILING_PUNCTUATION = /[.,;:!?/&-]+$/;

/**
 * Splits text into ID-like tokens: "user: J.DOE, from fin-ws-119." → "user", "J.DOE", "from",
 * "fin-ws-119". Trailing punctuation is dropped; a colon splits a token unless the token is an
 * IPv6 address ("host:PC-0815" → "host", "PC-0815"; "2001:db8::1" stays whole).
 *
 * @example
 *   idTokens('it was fin-ws-119.').map((t) => t.text) // → ['it', 'was', 'fin-ws-119']
 */
export function idTokens(text: string): IdToken[] {
  const tokens: IdToken[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0].replace(TRAILING_PUNCTUATION, '');
    if (raw === '') continue;
    const start = match.index;
    if (!raw.includes(':') || isIpAddress(raw)) {
      tokens.push({ text: raw, start, end: start + raw.length });
      continue;
    }
    let offset = 0;
    for (const part of raw.split(':')) {
      const trimmed = part.replace(TRAILING_PUNCTUATION, '');
      if (trimmed !== '')
        tokens.push({ text: trimmed, start: start + offset, end: start + offset + trimmed.length });
      offset += part.length + 1;
    }
  }
  return tokens;
}
