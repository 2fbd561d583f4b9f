import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSocbotError, type SocbotError } from '../../../src/errors';
import { KeywordRules } from '../../../src/mail/classification/keyword-rules';
import { loadKeywordRules } from '../../../src/mail/classification/load-keyword-rules';
import { loadMailCorpus, ruleCategoriesOf } from '../../../src/mail/classification/mail-corpus';

const CATEGORIES = ['phishing', 'lost-device', 'enrichment'];

describe('KeywordRules.match', () => {
  const rules = new KeywordRules([
    { category: 'lost-device', keywords: ['lost my laptop', 'stolen phone'] },
    { category: 'phishing', keywords: ['phish', 'gift cards'] },
    { category: 'enrichment', keywords: ['stolen phone', 'reputation'] },
  ]);

  it.each([
    ['I LOST MY LAPTOP on the train', 'lost-device', 'lost my laptop'],
    ['lost   my\nlaptop yesterday', 'lost-device', 'lost my laptop'],
    ['Subject: Stolen phone, please wipe', 'lost-device', 'stolen phone'],
    ['please buy gift cards today', 'phishing', 'gift cards'],
    ['is this a phish?', 'phishing', 'phish'],
    ['reputation of 1.2.3.4', 'enrichment', 'reputation'],
  ])('%j → %s by "%s"', (text, category, keyword) => {
    expect(rules.match(text)).toEqual({ category, keyword });
  });

  it('matches whole words and phrases only', () => {
    expect(rules.match('a phishing mail')).toBeUndefined(); // "phish" is not "phishing"
    expect(rules.match('we lost my laptops')).toBeUndefined();
    expect(rules.match('gift-cards')).toBeUndefined();
  });

  it('lets the first rule in file order win', () => {
    expect(rules.match('reputation check: a stolen phone and gift cards')).toEqual({
      category: 'lost-device',
      keyword: 'stolen phone',
    });
  });

  it('treats regular expression characters in keywords as text', () => {
    const special = new KeywordRules([{ category: 'phishing', keywords: ['c2 (panel)', 'a.b'] }]);
    expect(special.match('found a c2 (panel) today')?.keyword).toBe('c2 (panel)');
    expect(special.match('axb')).toBeUndefined();
  });
});

describe('loadKeywordRules', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socbot-keywords-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(content: string): string {
    const file = path.join(dir, 'keywords.json');
    fs.writeFileSync(file, content);
    return file;
  }

  function failure(file: string): SocbotError {
    try {
      loadKeywordRules(file, CATEGORIES);
    } catch (error) {
      if (isSocbotError(error)) return error;
      throw error;
    }
    throw new Error('expected MAIL_KEYWORDS_INVALID');
  }

  it('loads valid rules in file order', () => {
    const file = write(JSON.stringify({ rules: [{ category: 'phishing', keywords: [' phishing '] }] }));
    expect(loadKeywordRules(file, CATEGORIES).rules).toEqual([
      { category: 'phishing', keywords: ['phishing'] },
    ]);
  });

  it('names file, line and column of broken JSON', () => {
    const file = write('{\n  "rules": [\n    { "category": "phishing", "keywords": ["a",] }\n  ]\n}');
    const error = failure(file);
    expect(error.code).toBe('MAIL_KEYWORDS_INVALID');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/line 3, column \d+: not valid JSON/);
  });

  it('names the position and the fix of every shape problem at once', () => {
    const file = write(
      JSON.stringify({
        rules: [
          { category: 'phishing', keywords: ['ok', ''] },
          { category: 'lost-device', keywords: [] },
          { category: 'enrichment', keywords: [42] },
          { keywords: ['x'] },
        ],
      }),
    );
    const error = failure(file);
    expect(error.code).toBe('MAIL_KEYWORDS_INVALID');
    expect(error.details.problems).toEqual([
      'rules[0].keywords[1]: is empty; write a word or phrase, or remove it',
      'rules[1].keywords: is empty; list at least one keyword, or remove the rule',
      'rules[2].keywords[0]: must be a word or phrase in quotes, e.g. "lost my laptop"',
      'rules[3].category: must be the name of a mail corpus category, e.g. "phishing"',
    ]);
    expect(error.message).toContain(`${file}: rules[0].keywords[1]`);
  });

  it('refuses a category the mail corpus does not have, and a keyword in two rules', () => {
    const file = write(
      JSON.stringify({
        rules: [
          { category: 'phishing', keywords: ['Gift  Cards'] },
          { category: 'spam', keywords: ['gift cards'] },
        ],
      }),
    );
    const problems = failure(file).details.problems as string[];
    expect(problems[0]).toMatch(
      /^rules\[1\]\.category: "spam" is not a category of the mail corpus \(phishing, lost-device, enrichment\); use one of them, or add the category to the corpus first and retrain$/,
    );
    expect(problems[1]).toBe(
      'rules[1].keywords[0]: "gift cards" is already at rules[0].keywords[0], whose rule is tried first; remove one of them',
    );
  });

  it('refuses unknown keys and a missing file', () => {
    expect(failure(write('{ "rules": [], "rule": [] }')).details.problems).toEqual([
      expect.stringMatching(/^\(top level\): .*rule/),
    ]);
    expect(failure(path.join(dir, 'none.json')).message).toMatch(/cannot be read \(ENOENT\); create it/);
  });

  it('accepts the shipped corpus/mail/keywords.json against the shipped mail corpus', () => {
    const corpus = loadMailCorpus('corpus/mail');
    const rules = loadKeywordRules('corpus/mail/keywords.json', ruleCategoriesOf(corpus));
    expect(rules.rules.map((rule) => rule.category).sort()).toEqual([
      'enrichment',
      'lost-device',
      'phishing',
    ]);
  });
});
