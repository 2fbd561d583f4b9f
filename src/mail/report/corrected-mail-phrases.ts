import { utteranceKey } from '../../nlu/corpus/utterance-key';
import type { MailLogEntry } from '../mail-log-entry';
import { mailCategoryOf } from '../classification/mail-corpus';
import { mailHistories } from './mail-history';
import { mailPhrase } from './mail-phrase';

/** The corrected mails of one text, offered to `socbot mail review` as one training phrase. */
export interface CorrectedMailPhrase {
  readonly textHash: string;
  /** The phrase to add to the mail corpus (subject and first sentences, ≤ 300 characters). */
  readonly phrase: string;
  readonly subject: string;
  /** The proposed label: the category of the latest correction among these mails. */
  readonly category: string;
  /** How many mails with this text were corrected. */
  readonly mails: number;
  /** The category that already has the phrase in the corpus with another label, if one does. */
  readonly inCorpusAs?: string;
}

/** What the corpus holds: the mail category of each phrase by utteranceKey. */
export type CorpusPhrases = ReadonlyMap<string, string>;

/**
 * The corrected mails still to be labelled into the mail corpus, one per text, oldest first: not
 * handled before (`handled` textHashes) and not already in the corpus under their proposed label.
 *
 * @example
 *   correctedMailPhrases(entries, new Set(state.keys()), phrasesOf(loadCorpus(corpusPath, { strict: false })));
 */
export function correctedMailPhrases(
  entries: readonly MailLogEntry[],
  handled: ReadonlySet<string>,
  corpus: CorpusPhrases,
): CorrectedMailPhrase[] {
  const byText = new Map<string, CorrectedMailPhrase>();
  for (const mail of mailHistories(entries)) {
    if (!mail.corrected || handled.has(mail.prediction.textHash)) continue;
    const previous = byText.get(mail.prediction.textHash);
    const phrase = mailPhrase(mail.prediction.text);
    const inCorpusAs = corpus.get(utteranceKey(phrase));
    byText.set(mail.prediction.textHash, {
      textHash: mail.prediction.textHash,
      phrase,
      subject: mail.prediction.subject,
      category: mail.finalCategory,
      mails: (previous?.mails ?? 0) + 1,
      ...(inCorpusAs === undefined ? {} : { inCorpusAs }),
    });
  }
  return [...byText.values()].filter((item) => item.phrase !== '' && item.inCorpusAs !== item.category);
}

/**
 * The mail category of every phrase (training and test) of a loaded mail corpus, by utteranceKey
 * (the intent `None` is the category `other`).
 *
 * @example
 *   phrasesOf(loadCorpus('corpus/mail', { strict: false })).get('lost my laptop'); // 'lost-device'
 */
export function phrasesOf(corpus: {
  intents: readonly { intent: string; utterances: readonly string[]; tests: readonly string[] }[];
}): CorpusPhrases {
  const phrases = new Map<string, string>();
  for (const intent of corpus.intents) {
    for (const phrase of [...intent.utterances, ...intent.tests])
      phrases.set(utteranceKey(phrase), mailCategoryOf(intent.intent));
  }
  return phrases;
}
