import type { LabeledUtterance } from './corpus/types';
import { NONE_INTENT } from './types';

/**
 * An intent's name as a phrase ("FindConnection", "card_arrival" → "Find Connection", "card
 * arrival"), or undefined for `None` and names without words.
 */
export function intentNamePhrase(intent: string): string | undefined {
  if (intent === NONE_INTENT) return undefined;
  const phrase = intent
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.:/-]+/g, ' ')
    .trim();
  return /[a-z]/i.test(phrase) ? phrase : undefined;
}

/**
 * One extra training example per intent: its name. Whoever named an intent "Change Password" or
 * "sync_accounts" wrote down its key words, which matters most when an intent has only a few
 * example utterances (a handful is common in small corpora); next to hundreds it is one more.
 */
export function intentNameExamples(intents: readonly string[]): LabeledUtterance[] {
  return intents.flatMap((intent) => {
    const utterance = intentNamePhrase(intent);
    return utterance === undefined ? [] : [{ intent, utterance }];
  });
}
