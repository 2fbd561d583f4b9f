import path from 'node:path';
import type { Command } from 'commander';
import { SocbotError } from '../../errors';
import {
  correctedMailPhrases,
  phrasesOf,
  type CorrectedMailPhrase,
} from '../../mail/report/corrected-mail-phrases';
import {
  corpusIntentOfCategory,
  MAIL_KEYWORDS_FILE,
  mailCategoryOf,
} from '../../mail/classification/mail-corpus';
import { loadCorpus } from '../../nlu/corpus';
import { appendTrainingUtterance, corpusIntents } from '../../store/corpus-writer';
import { logsOf } from '../../store/backend-documents';
import { MailLog } from '../../store/mail-log';
import { MailReviewState } from '../../store/mail-review-state';
import type { CliDeps } from '../cli-deps';
import type { OutputStream } from '../cli-io';
import { columns } from '../format';
import { readLines } from '../read-lines';
import { jsonForTerminal, printable } from '../terminal-text';
import { withStoreBackend } from '../with-store-backend';

interface MailReviewOptions {
  corpus?: string;
  list?: boolean;
  json?: boolean;
  acceptAll?: boolean;
}

/** An answer line is a number, a category name or a one-letter command: nothing long. */
const MAX_ANSWER_CHARS = 200;

/** The mail corpus directory also holds the keyword rules, which are not a corpus file. */
const MAIL_CORPUS_FILES = { ignoreFiles: [MAIL_KEYWORDS_FILE] };
const MAIL_CORPUS_FILES_STRICT_OFF = { strict: false, ...MAIL_CORPUS_FILES };

const RETRAIN_HINT =
  'The mail model retrains from the changed corpus at the next start (`socbot serve`, `socbot mail classify`).';

/** What the review needs while it runs. */
interface Review {
  readonly corpusPath: string;
  readonly state: MailReviewState;
  readonly stdout: OutputStream;
  readonly now: () => Date;
}

/**
 * `socbot mail review [--corpus PATH]`: label the mails analysts corrected into the mail corpus
 * (MAIL_CORPUS) as training phrases, `socbot review`-style. The corrections are read from the mail
 * log: `<SOCBOT_DATA_DIR>/mail.jsonl`, or the database's with SOCBOT_DATABASE_URL. Each distinct corrected text is
 * offered once, as its subject and first sentences, with the category it was corrected to (the
 * default route `other` is the corpus's intent `None`).
 *
 * - `socbot mail review` asks on stdin for each: Enter or `a` accepts the proposed category, a
 *   category number or name relabels, `s` skips (offered again next time), `d` dismisses, `q` quits.
 * - `--accept-all` labels every one with its latest correction (for scripts).
 * - `--list [--json]` lists them.
 *
 * Handled texts are remembered in `<SOCBOT_DATA_DIR>/mail-review.json`; a phrase the corpus
 * already has under its category is not offered again either. That file is this CLI's own state
 * and stays in the data directory with SOCBOT_DATABASE_URL too (run the review from one place).
 *
 * @example
 *   socbot mail review --list
 *   socbot mail review --accept-all --corpus corpus/mail
 */
export function register(mail: Command, deps: CliDeps): void {
  mail
    .command('review')
    .description('label corrected mails into the mail corpus as training phrases')
    .option('--corpus <path>', 'mail corpus directory or file (default: MAIL_CORPUS or ./corpus/mail)')
    .option('--list', 'list the corrected mails not yet labelled and exit')
    .option('--json', 'with --list: print a JSON array')
    .option('--accept-all', "label every one with its latest correction's category, without asking")
    .action(async (options: MailReviewOptions) => {
      const config = deps.config();
      const corpusPath = path.resolve(options.corpus ?? config.mail.classifier.corpusPath);
      const state = new MailReviewState(config.dataDir);
      const { entries } = await withStoreBackend(config, (backend) => new MailLog(logsOf(backend)).read());
      // Lenient like `socbot review`: labelling must work while someone fixes a corpus issue.
      const corpus = phrasesOf(loadCorpus(corpusPath, MAIL_CORPUS_FILES_STRICT_OFF));
      const pending = correctedMailPhrases(entries, new Set((await state.read()).keys()), corpus);
      const review: Review = { corpusPath, state, stdout: deps.io.stdout, now: deps.now };
      if (options.list) {
        review.stdout.write(options.json ? `${jsonForTerminal(pending)}\n` : `${describePending(pending)}\n`);
      } else if (options.acceptAll) {
        await acceptAll(review, pending);
      } else {
        await reviewInteractively(review, pending, deps.io.stdin);
      }
    });
}

function describePending(pending: readonly CorrectedMailPhrase[]): string {
  if (pending.length === 0) return 'No corrected mails to label.';
  const rows = pending.map((item) => [
    String(item.mails),
    printable(item.category),
    printable(item.inCorpusAs ?? ''),
    printable(item.phrase),
  ]);
  return `${pending.length} corrected mail text(s) to label:\n${columns([['MAILS', 'CORRECTED TO', 'IN CORPUS AS', 'PHRASE'], ...rows])}`;
}

async function acceptAll(review: Review, pending: readonly CorrectedMailPhrase[]): Promise<void> {
  let labelled = 0;
  for (const item of pending) {
    try {
      await label(review, item, item.category);
      labelled += 1;
    } catch (error) {
      // One phrase the corpus cannot take (another intent has it, an unknown category) stays pending.
      if (!(error instanceof SocbotError) || error.code !== 'USAGE') throw error;
      review.stdout.write(`Not added: ${printable(error.message)}\n`);
    }
  }
  review.stdout.write(`${summary(labelled, pending.length - labelled)}\n`);
}

async function reviewInteractively(
  review: Review,
  pending: readonly CorrectedMailPhrase[],
  stdin: NodeJS.ReadableStream,
): Promise<void> {
  const { stdout } = review;
  if (pending.length === 0) {
    stdout.write('No corrected mails to label.\n');
    return;
  }
  // The corpus's intents as mail categories: `None` is the default route `other`.
  const categories = corpusIntents(review.corpusPath, MAIL_CORPUS_FILES).map(mailCategoryOf).sort();
  stdout.write(
    `${pending.length} corrected mail text(s) to label into ${printable(review.corpusPath)}. Categories:\n` +
      `${categories.map((category, i) => `  ${i + 1}. ${printable(category)}`).join('\n')}\n` +
      'Enter or a = accept the proposed category; a category number or name = relabel; s = skip, d = dismiss, q = quit.\n',
  );
  const answers = readLines(stdin, MAX_ANSWER_CHARS)[Symbol.asyncIterator]();
  let labelled = 0;
  for (const item of pending) {
    stdout.write(`\n${describeItem(item)}\n> `);
    for (;;) {
      const next = await answers.next();
      const answer = next.done ? 'q' : next.value.text.trim();
      if (answer === 'q') {
        stdout.write(`\nStopped. ${summary(labelled, 0)}\n`);
        return;
      }
      if (answer === 's') break;
      if (answer === 'd') {
        await review.state.record(item.textHash, { status: 'dismissed', at: review.now().toISOString() });
        stdout.write('Dismissed.\n');
        break;
      }
      const category =
        answer === '' || answer === 'a'
          ? item.category
          : /^\d+$/.test(answer)
            ? categories[Number(answer) - 1]
            : categories.find((name) => name === answer);
      if (category === undefined) {
        stdout.write(
          `"${printable(answer)}" is not a category number or name; try again (Enter accept, s skip, d dismiss, q quit).\n> `,
        );
        continue;
      }
      try {
        await label(review, item, category);
        labelled += 1;
        break;
      } catch (error) {
        if (!(error instanceof SocbotError) || error.code !== 'USAGE') throw error;
        stdout.write(`${printable(error.message)}\n> `);
      }
    }
  }
  stdout.write(`\nDone. ${summary(labelled, 0)}\n`);
}

function describeItem(item: CorrectedMailPhrase): string {
  const inCorpus = item.inCorpusAs === undefined ? '' : `; the corpus has it as ${item.inCorpusAs}`;
  return printable(
    `"${item.phrase}"\n  (${item.mails} mail(s) "${item.subject}", corrected to ${item.category}${inCorpus})`,
  );
}

/** Adds the phrase to the corpus and remembers the text as handled. */
async function label(review: Review, item: CorrectedMailPhrase, category: string): Promise<void> {
  const result = await appendTrainingUtterance(
    review.corpusPath,
    corpusIntentOfCategory(category),
    item.phrase,
    MAIL_CORPUS_FILES,
  );
  await review.state.record(item.textHash, { status: 'labelled', category, at: review.now().toISOString() });
  review.stdout.write(
    result.added
      ? `Added "${printable(item.phrase)}" to ${printable(category)} in ${printable(result.file)}.\n`
      : `${printable(category)} already has "${printable(item.phrase)}" (${printable(result.file)}); marked as labelled.\n`,
  );
}

function summary(labelled: number, left: number): string {
  return [
    `Labelled ${labelled}.`,
    ...(left > 0 ? [`${left} left for \`socbot mail review\`.`] : []),
    ...(labelled > 0 ? [RETRAIN_HINT] : []),
  ].join(' ');
}
