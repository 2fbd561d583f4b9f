import path from 'node:path';
import type { Command } from 'commander';
import { asSocbotError, SocbotError } from '../../errors';
import { createMailClassifier } from '../../mail/classification/create-mail-classifier';
import { classifiedContent } from '../../mail/mail-message';
import { readMailFile } from '../../mail/parse/read-mail-file';
import type { CliDeps } from '../cli-deps';
import { printable } from '../terminal-text';

interface ClassifyOptions {
  json?: boolean;
}

/**
 * `socbot mail classify [--json] FILE.eml…`: classifies saved mails with the mail cascade, as the
 * shared mailbox's intake would (the forwarded original when there is one). Readies the mail model
 * first (trains and saves it when missing or stale, saying so on stderr). Prints one line per mail,
 * `file  category  via  score`, or with --json one object per line. A file that cannot be read or
 * parsed is reported on stderr with its error code and the fix; the others are still classified,
 * and the command then fails (exit 1).
 *
 * @example
 *   socbot mail classify --json suspicious.eml lost-laptop.eml
 *   // {"file":"suspicious.eml","category":"phishing","via":"model","score":0.9712}
 */
export function register(mail: Command, deps: CliDeps): void {
  mail
    .command('classify')
    .description('classify saved mails (.eml) with the mail model, the keyword rules and the default route')
    .argument('<files...>', 'mail files (RFC 822, .eml)')
    .option('--json', 'one JSON object per line: { file, category, via, score }')
    .action(async (files: string[], options: ClassifyOptions) => {
      const { io } = deps;
      const classifier = await createMailClassifier(deps.config().mail.classifier, (event) =>
        io.stderr.write(`${event.line}\n`),
      );
      const unreadable: string[] = [];
      for (const file of files) {
        let content;
        try {
          content = classifiedContent(await readMailFile(path.resolve(file)));
        } catch (error) {
          const coded = asSocbotError(error);
          io.stderr.write(`${printable(file)}: error [${coded.code}]: ${printable(coded.message)}\n`);
          unreadable.push(file);
          continue;
        }
        const { category, via, score } = await classifier.classify(content);
        io.stdout.write(
          options.json
            ? `${JSON.stringify({ file, category, via, score })}\n`
            : `${printable(file)}  ${category}  ${via}  ${score.toFixed(4)}\n`,
        );
      }
      if (unreadable.length > 0) {
        throw new SocbotError(
          'INPUT_INVALID',
          `${unreadable.length} of ${files.length} mail file(s) could not be classified (see above); fix or leave out ${unreadable.map(printable).join(', ')}.`,
          { files: unreadable },
        );
      }
    });
}
