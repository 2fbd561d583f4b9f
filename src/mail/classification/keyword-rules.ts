/** One rule of keywords.json: a mail that contains one of `keywords` is `category`. */
export interface KeywordRule {
  readonly category: string;
  /** Words or phrases as written in the file. */
  readonly keywords: readonly string[];
}

/** The rule that matched a text, and the keyword (as written in the file) that made it match. */
export interface KeywordMatch {
  readonly category: string;
  readonly keyword: string;
}

/**
 * The cascade's second stage: keyword rules over a mail's text. A keyword matches case-insensitively
 * as a whole word or phrase ("lost laptop" matches "Lost  laptop!" but not "lost laptops"; any run
 * of spaces or line breaks stands for a space). The first rule in file order with a matching
 * keyword wins; its first matching keyword is reported.
 *
 * @example
 *   const rules = new KeywordRules([{ category: 'lost-device', keywords: ['stolen phone'] }]);
 *   rules.match('Subject: STOLEN phone in Rome'); // → { category: 'lost-device', keyword: 'stolen phone' }
 */
export class KeywordRules {
  private readonly compiled: ReadonlyArray<{
    readonly category: string;
    readonly keywords: ReadonlyArray<{ readonly keyword: string; readonly pattern: RegExp }>;
  }>;

  constructor(readonly rules: readonly KeywordRule[]) {
    this.compiled = rules.map((rule) => ({
      category: rule.category,
      keywords: rule.keywords.map((keyword) => ({ keyword, pattern: phrasePattern(keyword) })),
    }));
  }

  match(text: string): KeywordMatch | undefined {
    for (const rule of this.compiled) {
      const hit = rule.keywords.find(({ pattern }) => pattern.test(text));
      if (hit) return { category: rule.category, keyword: hit.keyword };
    }
    return undefined;
  }
}

/** The same phrase whatever its spacing and case, for finding a keyword listed twice. */
export function normalisedKeyword(keyword: string): string {
  return keyword.trim().toLowerCase().replace(/\s+/g, ' ');
}

// Letters and digits of any script count as word characters: "phish" must not match "phishing".
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}_])';
const NOT_BEFORE_WORD = '(?![\\p{L}\\p{N}_])';

function phrasePattern(keyword: string): RegExp {
  const words = normalisedKeyword(keyword).split(' ').map(escapeRegExp);
  return new RegExp(`${NOT_AFTER_WORD}${words.join('\\s+')}${NOT_BEFORE_WORD}`, 'iu');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
