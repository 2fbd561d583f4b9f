import path from 'node:path';
import type { KeywordRules } from '../../../src/mail/classification/keyword-rules';
import { loadKeywordRules } from '../../../src/mail/classification/load-keyword-rules';
import { MailCascade } from '../../../src/mail/classification/mail-cascade';
import { loadMailCorpus, ruleCategoriesOf } from '../../../src/mail/classification/mail-corpus';
import type { MailContent } from '../../../src/mail/mail-message';
import { DEFAULT_MAIL_THRESHOLD } from '../../../src/mail/mail-settings';
import type { NluModel } from '../../../src/nlu/nlu-model';
import { trainModel } from '../../../src/nlu/train-model';

const FIXTURE = path.join(__dirname, '../../fixtures/mail-corpus');

function mail(subject: string, text: string): MailContent {
  return { from: 'Jane Doe <jane@example.com>', fromAddress: 'jane@example.com', subject, text };
}

describe('MailCascade (a model trained on test/fixtures/mail-corpus)', () => {
  let model: NluModel;
  let rules: KeywordRules;

  beforeAll(async () => {
    const corpus = loadMailCorpus(FIXTURE);
    model = await trainModel(corpus);
    rules = loadKeywordRules(path.join(FIXTURE, 'keywords.json'), ruleCategoriesOf(corpus));
  });

  it('answers the corpus categories and other', () => {
    expect(new MailCascade(model, rules, 0.8).categories).toEqual([
      'enrichment',
      'lost-device',
      'phishing',
      'other',
    ]);
  });

  it('lets the model decide when it is sure', async () => {
    const sure = mail('lost laptop', 'I lost my work laptop on the train, asset tag NB-4471');
    const [best] = await model.rank(`${sure.subject}\n${sure.text}`);
    const result = await new MailCascade(model, rules, DEFAULT_MAIL_THRESHOLD).classify(sure);
    expect(result).toEqual({
      category: 'lost-device',
      via: 'model',
      score: best?.score,
      modelCategory: 'lost-device',
      threshold: DEFAULT_MAIL_THRESHOLD,
    });
    expect(result.score).toBeGreaterThanOrEqual(DEFAULT_MAIL_THRESHOLD);
  });

  it('routes a sure None to other, via the model', async () => {
    const outOfOffice = mail('Out of office', 'I am out of the office until Monday');
    const result = await new MailCascade(model, rules, DEFAULT_MAIL_THRESHOLD).classify(outOfOffice);
    expect(result).toMatchObject({ category: 'other', via: 'model', modelCategory: 'other' });
    expect(result.score).toBeGreaterThanOrEqual(DEFAULT_MAIL_THRESHOLD);
    // "Why?" explains the category chosen, other, not the nearest security category.
    const why = await new MailCascade(model, rules, DEFAULT_MAIL_THRESHOLD).explain(outOfOffice);
    expect(why).toMatchObject({ intent: 'other', score: result.score, decided: true });
    expect(why.runnerUp?.intent).not.toBe('other');
    expect(why.forIntent.length).toBeGreaterThan(0);
  });

  it('lets the first matching keyword rule decide below the threshold, keeping what the model said', async () => {
    // Two rules match; lost-device comes first in keywords.json. The model is unsure about this one.
    const content = mail(
      'Question',
      'My daughter says she lost my laptop charger, and there is a reputation problem',
    );
    const result = await new MailCascade(model, rules, DEFAULT_MAIL_THRESHOLD).classify(content);
    expect(result.category).toBe('lost-device');
    expect(result.via).toBe('keywords');
    expect(result.keyword).toBe('lost my laptop');
    expect(result.threshold).toBe(DEFAULT_MAIL_THRESHOLD);
    expect(result.score).toBeLessThan(DEFAULT_MAIL_THRESHOLD);
    expect(['enrichment', 'lost-device', 'phishing', 'other']).toContain(result.modelCategory);
  });

  it('sends a mail neither the model nor a keyword decides to other', async () => {
    const content = mail('Parking', 'The parking garage is closed on Saturday for cleaning');
    const result = await new MailCascade(model, rules, DEFAULT_MAIL_THRESHOLD).classify(content);
    expect(result).toMatchObject({ category: 'other', via: 'default', threshold: DEFAULT_MAIL_THRESHOLD });
    expect(result.keyword).toBeUndefined();
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThan(DEFAULT_MAIL_THRESHOLD);
  });

  it('classifies the subject and body together, indicators masked like in chat', async () => {
    const bySubject = await new MailCascade(model, rules, 0.99).classify(mail('gift cards', 'see below'));
    expect(bySubject).toMatchObject({ category: 'phishing', via: 'keywords', keyword: 'gift cards' });
    const [a] = await model.rank('have you seen this IP\n185.220.101.4 in the logs');
    const [b] = await model.rank('have you seen this IP\n5.42.92[.]211 in the logs');
    expect(a).toEqual(b);
  });

  it('explains the model with the mail threshold', async () => {
    const content = mail('stolen phone', 'my company phone was stolen at the airport');
    const cascade = new MailCascade(model, rules, DEFAULT_MAIL_THRESHOLD);
    const [result, why] = await Promise.all([cascade.classify(content), cascade.explain(content)]);
    expect(why).toMatchObject({
      text: 'stolen phone\nmy company phone was stolen at the airport',
      intent: 'lost-device',
      score: result.score,
      threshold: DEFAULT_MAIL_THRESHOLD,
      decided: true,
    });
    expect(why.forIntent.map((f) => f.label).join(' ')).toMatch(/stol|phone/);
    const question = mail(
      'Question',
      'My daughter says she lost my laptop charger, and there is a reputation problem',
    );
    const unsure = await cascade.explain(question);
    expect(unsure.score).toBe((await cascade.classify(question)).score);
    expect(unsure.decided).toBe(false);
  });
});
