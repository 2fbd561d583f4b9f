import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { computeMailReport } from '../../mail/report/mail-report';
import { mailReportHtml } from '../../mail/report/mail-report-html';
import { mailReportText } from '../../mail/report/mail-report-text';
import { monthContaining, parseReportMonth } from '../../mail/report/report-month';
import { logsOf } from '../../store/backend-documents';
import { MailLog } from '../../store/mail-log';
import type { CliDeps } from '../cli-deps';
import { jsonForTerminal, printable } from '../terminal-text';
import { withStoreBackend } from '../with-store-backend';

interface MailReportOptions {
  month?: string;
  json?: boolean;
  html?: string;
}

/**
 * `socbot mail report [--month YYYY-MM] [--json] [--html FILE]`: the monthly review of the mail
 * classifier from the mail log (read only; `<SOCBOT_DATA_DIR>/mail.jsonl`, or the database's with
 * SOCBOT_DATABASE_URL): volume per category before and
 * after corrections, which stage of the cascade decided, the model's accuracy, the corrections and
 * the confusion they reveal, and the mails corrected most often as suggested training phrases.
 *
 * @example
 *   socbot mail report --month 2026-11 --html mail-2026-11.html
 *   socbot mail report --json | jq .corrections
 */
export function register(mail: Command, deps: CliDeps): void {
  mail
    .command('report')
    .description('the monthly review: categories, cascade stages, corrections and their confusion')
    .option('--month <YYYY-MM>', 'the month (UTC) of the predictions, e.g. 2026-11 (default: this month)')
    .option('--json', 'print one JSON object')
    .option('--html <file>', 'also write the report as a self-contained HTML page')
    .action(async (options: MailReportOptions) => {
      const month =
        options.month === undefined ? monthContaining(deps.now()) : parseReportMonth(options.month);
      const { entries, skippedLines } = await withStoreBackend(deps.config(), (backend) =>
        new MailLog(logsOf(backend)).read(),
      );
      const report = computeMailReport(entries, skippedLines, month);
      if (options.html) await writeFile(options.html, mailReportHtml(report, deps.now()), 'utf8');
      // Subjects and names are anyone's text: no control character reaches the terminal.
      deps.io.stdout.write(options.json ? `${jsonForTerminal(report)}\n` : printable(mailReportText(report)));
    });
}
