import { NONE_INTENT } from '../../nlu/types';
import { DEFAULT_MAIL_CATEGORY } from '../classification/mail-classification';

/**
 * The mail corpus keeps the default route `other` as the out-of-scope intent `None` (corpus/mail/
 * README.md): a mail corrected to `other` is labelled `None`, and a `None` phrase is shown as `other`.
 *
 * @example
 *   corpusIntentOf('other'); // 'None'
 *   corpusIntentOf('phishing'); // 'phishing'
 */
export function corpusIntentOf(category: string): string {
  return category === DEFAULT_MAIL_CATEGORY ? NONE_INTENT : category;
}

/**
 * The mail category a corpus intent stands for.
 *
 * @example
 *   categoryOfCorpusIntent('None'); // 'other'
 */
export function categoryOfCorpusIntent(intent: string): string {
  return intent === NONE_INTENT ? DEFAULT_MAIL_CATEGORY : intent;
}
