import { canonicalJson } from '../nlu/corpus/canonical-json';
import type { EntryContent } from './chained-entry';

/**
 * An entry's canonical JSON (what entryHash hashes after `prevHash`) cut around the two values
 * only the chain knows, so SQL can splice them in when it takes the head (migration 0710):
 *
 *   canonicalJson({ ...content, seq, prevHash })
 *     === beforePrevHash + '"prevHash":' + JSON(prevHash) + betweenPrevHashAndSeq + '"seq":' + seq + afterSeq
 *
 * Built from the top-level keys, each value through canonicalJson, never by searching the text
 * (a nested `details.seq` would match).
 */
export interface CanonicalParts {
  /** `{`, the members whose keys sort before `prevHash`, and their comma. */
  beforePrevHash: string;
  /** The comma after prevHash's value, the members between `prevHash` and `seq` (`result`), the comma before `seq`. */
  betweenPrevHashAndSeq: string;
  /** The members after `seq` (`summary`) with their comma, and `}`. */
  afterSeq: string;
}

/** The two keys the chain fills in; 'prevHash' sorts before 'seq'. */
const CHAIN_KEYS = ['prevHash', 'seq'] as const;

/**
 * @example
 *   const parts = canonicalParts(entryContent(record, new Date(), secrets));
 *   const text = parts.beforePrevHash + '"prevHash":' + JSON.stringify(prev) + parts.betweenPrevHashAndSeq + '"seq":' + seq + parts.afterSeq;
 */
export function canonicalParts(content: EntryContent): CanonicalParts {
  const members = content as Record<string, unknown>;
  for (const key of [...CHAIN_KEYS, 'hash']) {
    if (key in members)
      throw new TypeError(`canonicalParts: the content must not hold "${key}" (the chain sets it)`);
  }
  // canonicalJson's order and omissions: keys sorted by UTF-16 code units, undefined values left out.
  const keys = [...Object.keys(members).filter((key) => members[key] !== undefined), ...CHAIN_KEYS].sort();
  const parts: string[] = [];
  let text = '{';
  keys.forEach((key, index) => {
    if (index > 0) text += ',';
    if (key === 'prevHash' || key === 'seq') {
      // The chain's member goes here: key and value come from SQL.
      parts.push(text);
      text = '';
    } else {
      text += `${JSON.stringify(key)}:${canonicalJson(members[key])}`;
    }
  });
  const [beforePrevHash = '', betweenPrevHashAndSeq = ''] = parts;
  return { beforePrevHash, betweenPrevHashAndSeq, afterSeq: `${text}}` };
}
