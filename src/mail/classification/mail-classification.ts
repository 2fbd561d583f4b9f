import type { Explanation } from '../../nlu/explanation';
import type { MailContent } from '../mail-message';

/** Which stage of the cascade decided: the model (score ≥ threshold), a keyword rule, or the default route. */
export type MailDecidedBy = 'model' | 'keywords' | 'default';

/** The category every mail gets when neither the model nor a keyword rule decides. */
export const DEFAULT_MAIL_CATEGORY = 'other';

/** The cascade's answer for one mail. */
export interface MailClassification {
  readonly category: string;
  readonly via: MailDecidedBy;
  /** The model's best score (whatever stage decided), 0–1, rounded to 4 places. */
  readonly score: number;
  /** The model's best category, also when it was below the threshold. */
  readonly modelCategory: string;
  readonly threshold: number;
  /** The keyword that decided (`via: 'keywords'`), as written in keywords.json. */
  readonly keyword?: string;
}

/** The trained mail classifier with its cascade (src/mail/classification/). */
export interface MailClassifier {
  /** The categories it can answer (the mail corpus's intents and `other`). */
  readonly categories: readonly string[];
  classify(content: MailContent): Promise<MailClassification>;
  /** Why the model scored the mail as it did (src/nlu/explanation.ts), from its weights. */
  explain(content: MailContent): Promise<Explanation>;
}
