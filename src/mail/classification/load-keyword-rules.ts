import fs from 'node:fs';
import { z } from 'zod';
import { SocbotError } from '../../errors';
import { jsonErrorPosition } from '../../nlu/corpus/json-position';
import { KeywordRules, normalisedKeyword, type KeywordRule } from './keyword-rules';

const KeywordsFileSchema = z.strictObject({
  rules: z.array(
    z.strictObject({
      category: z
        .string({ error: 'must be the name of a mail corpus category, e.g. "phishing"' })
        .trim()
        .min(1, {
          error: 'must be the name of a mail corpus category, e.g. "phishing"',
        }),
      keywords: z
        .array(
          z
            .string({ error: 'must be a word or phrase in quotes, e.g. "lost my laptop"' })
            .trim()
            .min(1, { error: 'is empty; write a word or phrase, or remove it' }),
          { error: 'must be a list of words or phrases, e.g. ["lost my laptop", "stolen phone"]' },
        )
        .min(1, { error: 'is empty; list at least one keyword, or remove the rule' }),
    }),
    { error: 'must be a list of rules, e.g. [{ "category": "phishing", "keywords": ["phishing"] }]' },
  ),
});

/**
 * Reads and checks the keyword rules (corpus/mail/keywords.json): `{ "rules": [{ "category",
 * "keywords": [...] }] }`. Every problem is listed at once, each with the file, where in it
 * (`rules[1].keywords[3]`, or line and column for broken JSON) and how to fix it; a rule's category
 * must be one of `categories` (the mail corpus's intents), and a keyword may stand in one rule only
 * (in a second rule it could never decide: the first rule wins). Throws MAIL_KEYWORDS_INVALID.
 *
 * @example
 *   const rules = loadKeywordRules('corpus/mail/keywords.json', ['phishing', 'lost-device', 'enrichment']);
 */
export function loadKeywordRules(file: string, categories: readonly string[]): KeywordRules {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw invalid(
      file,
      [
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); create it, e.g. { "rules": [] }`,
      ],
      error,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const { line, column, hint } = jsonErrorPosition(text);
    throw invalid(file, [`line ${line}, column ${column}: not valid JSON: ${hint}`], error);
  }
  const parsed = KeywordsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw invalid(
      file,
      parsed.error.issues.map((issue) => `${position(issue.path)}: ${issue.message}`),
    );
  }
  const rules: KeywordRule[] = parsed.data.rules;
  const problems = [...unknownCategories(rules, categories), ...repeatedKeywords(rules)];
  if (problems.length > 0) throw invalid(file, problems);
  return new KeywordRules(rules);
}

function unknownCategories(rules: readonly KeywordRule[], categories: readonly string[]): string[] {
  return rules.flatMap((rule, i) =>
    categories.includes(rule.category)
      ? []
      : [
          `rules[${i}].category: "${rule.category}" is not a category of the mail corpus (${categories.join(', ')}); use one of them, or add the category to the corpus first and retrain`,
        ],
  );
}

function repeatedKeywords(rules: readonly KeywordRule[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  rules.forEach((rule, i) =>
    rule.keywords.forEach((keyword, k) => {
      const key = normalisedKeyword(keyword);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, `rules[${i}].keywords[${k}]`);
      else
        problems.push(
          `rules[${i}].keywords[${k}]: "${keyword}" is already at ${first}, whose rule is tried first; remove one of them`,
        );
    }),
  );
  return problems;
}

/** `rules[1].keywords[3]` for the zod path ['rules', 1, 'keywords', 3]. */
function position(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`))
    .join('');
}

function invalid(file: string, problems: readonly string[], cause?: unknown): SocbotError {
  return new SocbotError(
    'MAIL_KEYWORDS_INVALID',
    `The mail keyword rules in ${file} have ${problems.length} problem(s); fix them and start again:\n${problems.map((p) => `  - ${file}: ${p}`).join('\n')}`,
    { file, problems },
    cause === undefined ? undefined : { cause },
  );
}
