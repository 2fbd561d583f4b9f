import { loadCorpus } from '../../nlu/corpus';
import type { Corpus } from '../../nlu/corpus/types';
import { NONE_INTENT } from '../../nlu/types';
import type { MailContent } from '../mail-message';
import { DEFAULT_MAIL_CATEGORY } from './mail-classification';

/** The keyword rules' file in the mail corpus directory (keyword-rules.ts); not a corpus file. */
export const MAIL_KEYWORDS_FILE = 'keywords.json';

/**
 * Loads the mail corpus (corpus/mail/) with the chat corpus's loader and validator, strictly,
 * leaving out its keyword rules. Throws what `loadCorpus` throws (CORPUS_NOT_FOUND, CORPUS_INVALID…).
 *
 * @example
 *   loadMailCorpus('corpus/mail').intents.map((i) => i.intent); // → ['phishing', 'lost-device', 'enrichment', 'None']
 */
export function loadMailCorpus(corpusPath: string): Corpus {
  return loadCorpus(corpusPath, { strict: true, ignoreFiles: [MAIL_KEYWORDS_FILE] });
}

/**
 * The mail category of a model class: the out-of-scope class `None` is the default route `other`.
 *
 * @example
 *   mailCategoryOf('None'); // → 'other'
 */
export function mailCategoryOf(intent: string): string {
  return intent === NONE_INTENT ? DEFAULT_MAIL_CATEGORY : intent;
}

/**
 * The mail corpus's intent for a category: the default route `other` is kept as `None` (the inverse
 * of {@link mailCategoryOf}, for labelling corrected mails into the corpus).
 *
 * @example
 *   corpusIntentOfCategory('other'); // → 'None'
 */
export function corpusIntentOfCategory(category: string): string {
  return category === DEFAULT_MAIL_CATEGORY ? NONE_INTENT : category;
}

/**
 * The categories a keyword rule may name: the mail corpus's intents except `None` (what matches no
 * rule goes to `other` anyway).
 */
export function ruleCategoriesOf(corpus: Corpus): string[] {
  return corpus.intents.map((intent) => intent.intent).filter((intent) => intent !== NONE_INTENT);
}

/**
 * A corpus utterance ("Subject: … — body") as the mail the cascade would see: the subject, and the
 * body after the first dash. For measuring the cascade on the held-out tests (bench/mail.ts).
 *
 * @example
 *   corpusUtteranceAsMail('Subject: Lost laptop — I lost it on the train').subject; // → 'Lost laptop'
 */
export function corpusUtteranceAsMail(utterance: string): MailContent {
  const withoutPrefix = utterance.replace(/^Subject:\s*/i, '');
  const dash = withoutPrefix.indexOf(' — ');
  return {
    from: '',
    fromAddress: '',
    subject: dash < 0 ? withoutPrefix : withoutPrefix.slice(0, dash),
    text: dash < 0 ? '' : withoutPrefix.slice(dash + 3),
  };
}
