import { columns, percent } from '../../cli/format';
import type { CountShare, MailReport, ModelAgreement } from './mail-report';

/**
 * The monthly report as plain text for a terminal, one block per section. Subjects and names are
 * anyone's text: the caller passes the result through `printable` before writing it.
 *
 * @example
 *   stdout.write(printable(mailReportText(computeMailReport(entries, skipped, month))));
 */
export function mailReportText(report: MailReport): string {
  const out: string[] = [];
  if (report.mails === 0) {
    out.push(`No mail was classified in ${report.month}.`);
  } else {
    const { decidedBy, modelAccuracy, corrections } = report;
    out.push(
      `Mail classified in ${report.month}: ${report.mails}`,
      '',
      'Volume per category (predicted → final, after corrections):',
      columns([
        ['CATEGORY', 'PREDICTED', 'FINAL'],
        ...report.categories.map((c) => [c.category, String(c.predicted), String(c.final)]),
      ]),
      '',
      'Decided by:',
      columns([
        ['STAGE', 'MAILS', 'SHARE', 'CORRECTED'],
        ...(['model', 'keywords', 'default'] as const).map((stage) => [
          stage,
          String(decidedBy[stage].count),
          shareText(decidedBy[stage]),
          String(decidedBy[stage].corrected),
        ]),
      ]),
      '',
      "The model's best category was the final one:",
      `  on all mails:         ${agreementText(modelAccuracy.all)}`,
      `  on corrected mails:   ${agreementText(modelAccuracy.corrected)}`,
      `  on uncorrected mails: ${agreementText(modelAccuracy.uncorrected)}`,
      '',
      `Corrections: ${corrections.count} on ${corrections.mails.count} mail(s) (${shareText(corrections.mails)} of the month's mail); ` +
        `${corrections.bySource.card} from the card, ${corrections.bySource.chat} in chat`,
      ...corrections.byAnalyst.map((analyst) => `  ${analyst.name} (${analyst.id}): ${analyst.count}`),
    );
    if (corrections.mails.count > 0) {
      const { labels, matrix } = report.confusion;
      out.push(
        '',
        'Confusion (rows: predicted, columns: final):',
        columns([
          ['', ...labels],
          ...labels.map((label, row) => [label, ...(matrix[row] ?? []).map(String)]),
        ]),
        '',
        'Corrected most often (suggested training phrases; add them with `socbot mail review`):',
        ...report.mostCorrected.flatMap((mail) => [
          `  ${mail.count}× → ${mail.correctedTo}  "${mail.subject}"  (${mail.textHash.slice(0, 12)})`,
          `      ${mail.excerpt}`,
        ]),
      );
    }
  }
  if (report.skippedLines > 0) out.push('', `${report.skippedLines} damaged line(s) of mail.jsonl skipped`);
  return `${out.join('\n')}\n`;
}

function shareText(value: CountShare): string {
  return percent(value.share);
}

function agreementText(agreement: ModelAgreement): string {
  return agreement.accuracy === null
    ? 'n/a (no such mails)'
    : `${agreement.agreed} of ${agreement.mails} (${percent(agreement.accuracy)})`;
}
