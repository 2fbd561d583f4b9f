import path from 'node:path';
import type { MailClassifierSettings } from '../mail-settings';
import { loadKeywordRules } from './load-keyword-rules';
import { MailCascade } from './mail-cascade';
import type { MailClassifier } from './mail-classification';
import { loadMailCorpus, MAIL_KEYWORDS_FILE, ruleCategoriesOf } from './mail-corpus';
import { readyMailModel, type MailModelEvent } from './ready-mail-model';

/**
 * The mail classifier from the `mail.classifier` settings: loads and validates the mail corpus and
 * its keyword rules (both fail before any training), readies the mail model (trains and saves it
 * when missing or stale, telling `report`), and returns the cascade.
 *
 * @example
 *   const classifier = await createMailClassifier(config.mail.classifier, (e) => io.stderr.write(`${e.line}\n`));
 *   await classifier.classify(classifiedContent(mail));
 */
export async function createMailClassifier(
  settings: MailClassifierSettings,
  report: (event: MailModelEvent) => void,
): Promise<MailClassifier> {
  const corpus = loadMailCorpus(settings.corpusPath);
  const rules = loadKeywordRules(
    path.join(settings.corpusPath, MAIL_KEYWORDS_FILE),
    ruleCategoriesOf(corpus),
  );
  const model = await readyMailModel({
    corpus,
    corpusPath: settings.corpusPath,
    modelPath: settings.modelPath,
    report,
  });
  return new MailCascade(model, rules, settings.threshold);
}
