import type { Explanation } from '../../nlu/explanation';
import { MAX_CLASSIFIED_CHARS, type NluModel } from '../../nlu/nlu-model';
import { NONE_INTENT } from '../../nlu/types';
import { classifiedText, type MailContent } from '../mail-message';
import type { KeywordRules } from './keyword-rules';
import { DEFAULT_MAIL_CATEGORY, type MailClassification, type MailClassifier } from './mail-classification';
import { mailCategoryOf } from './mail-corpus';

/**
 * The classification cascade (issue 17): the mail model decides when its best class scores at
 * least `threshold` (its `None` is the default route `other`); below that, the first keyword rule
 * that matches decides; else the mail goes to `other`. The score and the model's category are
 * always reported, whichever stage decided, so a report can show what the model thought.
 *
 * @example
 *   const cascade = new MailCascade(model, loadKeywordRules(file, categories), 0.8);
 *   await cascade.classify(classifiedContent(mail)); // → { category: 'phishing', via: 'model', score: 0.93, … }
 */
export class MailCascade implements MailClassifier {
  readonly categories: readonly string[];

  constructor(
    private readonly model: NluModel,
    private readonly rules: KeywordRules,
    readonly threshold: number,
  ) {
    const inScope = model.meta.intents.filter((intent) => intent !== NONE_INTENT);
    this.categories = [...inScope, DEFAULT_MAIL_CATEGORY];
  }

  async classify(content: MailContent): Promise<MailClassification> {
    const text = this.textOf(content);
    const [best] = await this.model.rank(text);
    const score = best?.score ?? 0;
    const modelCategory = mailCategoryOf(best?.intent ?? NONE_INTENT);
    const seen = { score, modelCategory, threshold: this.threshold };
    if (score >= this.threshold) return { category: modelCategory, via: 'model', ...seen };
    const match = this.rules.match(text);
    if (match) return { category: match.category, via: 'keywords', keyword: match.keyword, ...seen };
    return { category: DEFAULT_MAIL_CATEGORY, via: 'default', ...seen };
  }

  /**
   * Why the model scored the mail as it did: its best category (`other` too) against the runner-up, with the
   * features that weighed most each way, judged by the mail threshold (`decided`: the model stage
   * decided). It explains the model, also when keywords or the default route decided.
   */
  async explain(content: MailContent): Promise<Explanation> {
    // `None` is the category `other` here: when the model chose it, that is what is explained.
    const explanation = await this.model.explain(this.textOf(content), {
      threshold: this.threshold,
      includeNone: true,
    });
    const { runnerUp } = explanation;
    return {
      ...explanation,
      intent: mailCategoryOf(explanation.intent),
      ...(runnerUp && { runnerUp: { ...runnerUp, intent: mailCategoryOf(runnerUp.intent) } }),
    };
  }

  /** Keywords read what the model reads: a long mail costs no more than a short one. */
  private textOf(content: MailContent): string {
    return classifiedText(content).slice(0, MAX_CLASSIFIED_CHARS);
  }
}
