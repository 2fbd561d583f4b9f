import path from 'node:path';
import type { Command } from 'commander';
import { SocbotError } from '../../errors';
import { appendTrainingUtterance, corpusIntents } from '../../store/corpus-writer';
import { documentsOf } from '../../store/backend-documents';
import { ReviewQueue, reviewSourceOf, type ReviewItem } from '../../store/review-queue';
import type { CliDeps } from '../cli-deps';
import type { OutputStream } from '../cli-io';
import { columns } from '../format';
import { readLines } from '../read-lines';
import { withStoreBackend } from '../with-store-backend';

interface ReviewOptions {
  list?: boolean;
  json?: boolean;
  label?: string;
  intent?: string;
  dismiss?: string;
  corpus?: string;
}

// C0 controls (ESC, BEL, newlines…), DEL and the C1 controls (CSI, OSC…) a terminal may obey.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Chat text as it may be shown on the engineer's terminal: the utterances in the review queue were
 * typed by anyone who could chat with the bot, and an escape sequence in them (OSC 52 writes the
 * clipboard, others retitle the window, hide or rewrite lines) would be obeyed by the terminal.
 * Every control character becomes visible `\xNN`; the stored utterance is left as it is.
 *
 * @example
 *   printable('hi\u001b]52;c;cm0gLXJmIH4=\u0007') // → 'hi\\x1b]52;c;cm0gLXJmIH4=\\x07'
 */
function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * `--json` output: exact JSON, which already escapes U+0000-U+001F; DEL and the C1 controls
 * (U+007F-U+009F, e.g. U+009B CSI) it leaves raw, so they are written as `\u00NN` escapes too.
 */
function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** An answer line is a number, an intent name or a one-letter command: nothing long. */
const MAX_ANSWER_CHARS = 200;

/**
 * `socbot review`: label the utterances the bot was not sure about, and those an analyst corrected
 * in chat ("no, I meant …", a picked suggestion; the intent they meant is the proposed label), from
 * the review queue (SOCBOT_DATA_DIR, or the database SOCBOT_DATABASE_URL names, which every replica
 * adds to) into the corpus as training utterances, then run `socbot train`.
 *
 * - `socbot review` asks on stdin for each pending utterance: an intent number or name, `a` (or
 *   just Enter) to accept the proposed label, `s` skip, `d` dismiss, `q` quit.
 * - `socbot review --list [--json]` lists the pending utterances.
 * - `socbot review --label ID --intent NAME` labels one (without `--intent`: with its proposed
 *   label); `--dismiss ID` drops one.
 *
 * @example
 *   socbot review --list --json
 *   socbot review --label 3f2a9c1e --intent inform && socbot train
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('review')
    .description('label utterances the bot was not sure about into the corpus')
    .option('--list', 'list the pending utterances and exit')
    .option('--json', 'with --list: print a JSON array')
    .option('--label <id>', 'label the pending utterance with this id (--intent, or its proposed label)')
    .option('--intent <name>', 'the intent to label it with')
    .option('--dismiss <id>', 'drop the pending utterance with this id without labelling it')
    .option('--corpus <path>', 'corpus directory or file (default: SOCBOT_CORPUS or ./corpus)')
    .action(async (options: ReviewOptions) => {
      const config = deps.config();
      const corpusPath = path.resolve(options.corpus ?? config.corpusPath);
      await withStoreBackend(config, (backend) =>
        review(deps, new ReviewQueue(documentsOf(backend)), corpusPath, options),
      );
    });
}

/** One run of `socbot review` on `queue`: label, dismiss, list, or ask for each pending utterance. */
async function review(
  deps: CliDeps,
  queue: ReviewQueue,
  corpusPath: string,
  options: ReviewOptions,
): Promise<void> {
  const { stdout } = deps.io;
  if (options.label !== undefined || options.intent !== undefined) {
    const proposed =
      options.label === undefined ? undefined : (await pendingItem(queue, options.label)).correctIntent;
    const intent = options.intent ?? proposed;
    if (options.label === undefined || intent === undefined) {
      throw new SocbotError(
        'USAGE',
        'Give both --label ID and --intent NAME (see `socbot review --list`); only a correction has a proposed label.',
      );
    }
    await label(queue, corpusPath, options.label, intent, stdout);
  } else if (options.dismiss !== undefined) {
    await pendingItem(queue, options.dismiss);
    await queue.resolve(options.dismiss, { status: 'dismissed' });
    stdout.write(`Dismissed ${options.dismiss}.\n`);
  } else if (options.list) {
    const pending = await queue.list('pending');
    if (options.json) stdout.write(`${jsonForTerminal(pending)}\n`);
    else stdout.write(`${describePending(pending)}\n`);
  } else {
    await reviewInteractively(deps, queue, corpusPath);
  }
}

async function label(
  queue: ReviewQueue,
  corpusPath: string,
  id: string,
  intent: string,
  stdout: OutputStream,
): Promise<void> {
  const item = await pendingItem(queue, id);
  const result = await appendTrainingUtterance(corpusPath, intent, item.text);
  await queue.resolve(id, { status: 'labelled', label: intent });
  stdout.write(
    result.added
      ? `Added "${printable(item.text)}" to intent ${intent} in ${result.file}. Run \`socbot train\` to retrain.\n`
      : `Intent ${intent} already has "${printable(item.text)}" (${result.file}); marked ${printable(id)} as labelled.\n`,
  );
}

async function pendingItem(queue: ReviewQueue, id: string): Promise<ReviewItem> {
  const item = (await queue.list('pending')).find((candidate) => candidate.id === id);
  if (!item) {
    throw new SocbotError(
      'USAGE',
      `No pending utterance with id "${id}". List them with \`socbot review --list\`.`,
      { id },
    );
  }
  return item;
}

function describePending(pending: readonly ReviewItem[]): string {
  if (pending.length === 0) return 'Nothing to review.';
  const rows = pending.map((item) => [
    printable(item.id),
    reviewSourceOf(item),
    printable(item.intentGuess),
    item.score.toFixed(2),
    printable(item.correctIntent ?? '-'),
    printable(item.text),
  ]);
  const header = ['ID', 'SOURCE', 'GUESS', 'SCORE', 'PROPOSED', 'TEXT'];
  return `${pending.length} utterance(s) to review:\n${columns([header, ...rows])}`;
}

async function reviewInteractively(deps: CliDeps, queue: ReviewQueue, corpusPath: string): Promise<void> {
  const { stdout } = deps.io;
  const pending = await queue.list('pending');
  if (pending.length === 0) {
    stdout.write('Nothing to review.\n');
    return;
  }
  const intents = corpusIntents(corpusPath);
  stdout.write(
    `${pending.length} utterance(s) to review. Intents:\n` +
      `${intents.map((intent, i) => `  ${i + 1}. ${intent}`).join('\n')}\n` +
      'Answer with an intent number or name; a (or Enter) = accept the proposed label, s = skip, d = dismiss, q = quit.\n',
  );
  const answers = readLines(deps.io.stdin, MAX_ANSWER_CHARS)[Symbol.asyncIterator]();
  let labelled = 0;
  for (const item of pending) {
    stdout.write(
      `\n"${printable(item.text)}"  (guess: ${printable(item.intentGuess)} ${item.score.toFixed(2)})\n`,
    );
    if (item.correctIntent !== undefined) {
      const how = reviewSourceOf(item) === 'suggestion' ? 'picked' : 'said they meant';
      stdout.write(`The analyst ${how}: ${printable(item.correctIntent)}. a or Enter accepts it.\n`);
    }
    stdout.write('> ');
    for (;;) {
      const next = await answers.next();
      const answer = next.done ? 'q' : next.value.text.trim();
      if (answer === 'q') {
        stdout.write(
          `\nStopped. Labelled ${labelled}.${labelled > 0 ? ' Run `socbot train` to retrain.' : ''}\n`,
        );
        return;
      }
      if (answer === 's') break;
      if (answer === 'd') {
        await queue.resolve(item.id, { status: 'dismissed' });
        break;
      }
      const accepted = answer === 'a' || answer === '' ? item.correctIntent : undefined;
      const intent =
        accepted ??
        (/^\d+$/.test(answer) ? intents[Number(answer) - 1] : intents.find((name) => name === answer));
      if (!intent) {
        stdout.write(
          `"${printable(answer)}" is not an intent number or name; try again (s skip, d dismiss, q quit).\n> `,
        );
        continue;
      }
      try {
        await label(queue, corpusPath, item.id, intent, stdout);
        labelled += 1;
        break;
      } catch (error) {
        if (!(error instanceof SocbotError) || error.code !== 'USAGE') throw error;
        stdout.write(`${error.message}\n> `);
      }
    }
  }
  stdout.write(`\nDone. Labelled ${labelled}.${labelled > 0 ? ' Run `socbot train` to retrain.' : ''}\n`);
}
