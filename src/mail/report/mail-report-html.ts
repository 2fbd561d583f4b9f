import { escapeHtml as e } from '../../integrations/escape-html';
import type { CountShare, MailReport, ModelAgreement } from './mail-report';

/**
 * The monthly report as a self-contained HTML page (no scripts, no external files). Subjects,
 * excerpts, categories and names come from mails and people: every one is escaped.
 *
 * @example
 *   await writeFile('mail-2026-11.html', mailReportHtml(report, new Date()));
 */
export function mailReportHtml(report: MailReport, generatedAt: Date): string {
  const title = `socbot mail report ${e(report.month)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}</style>
</head><body>
<h1>${title}</h1>
<p>Generated ${e(generatedAt.toISOString())}. Mails predicted in ${e(report.month)} (UTC) and their corrections.</p>
${report.mails === 0 ? `<p>No mail was classified in ${e(report.month)}.</p>` : sections(report)}
${report.skippedLines > 0 ? `<p>${report.skippedLines} damaged line(s) of mail.jsonl skipped.</p>` : ''}
</body></html>
`;
}

function sections(report: MailReport): string {
  const { decidedBy, modelAccuracy, corrections, confusion } = report;
  return `<p>Mail classified: ${report.mails}</p>
<h2>Volume per category</h2>
${table(
  ['category', 'predicted', 'final (after corrections)'],
  report.categories.map((c) => [e(c.category), num(c.predicted), num(c.final)]),
)}
<h2>Decided by</h2>
${table(
  ['stage', 'mails', 'share', 'corrected'],
  (['model', 'keywords', 'default'] as const).map((stage) => [
    stage,
    num(decidedBy[stage].count),
    shareText(decidedBy[stage]),
    num(decidedBy[stage].corrected),
  ]),
)}
<h2>The model's best category against the final one</h2>
${table(
  ['mails', 'count', 'agreed', 'accuracy'],
  [
    agreementRow('all', modelAccuracy.all),
    agreementRow('corrected', modelAccuracy.corrected),
    agreementRow('uncorrected', modelAccuracy.uncorrected),
  ],
)}
<h2>Corrections</h2>
<p>${corrections.count} correction(s) on ${corrections.mails.count} mail(s) (${shareText(corrections.mails)}); ${corrections.bySource.card} from the card, ${corrections.bySource.chat} in chat.</p>
${table(
  ['analyst', 'id', 'corrections'],
  corrections.byAnalyst.map((a) => [e(a.name), e(a.id), num(a.count)]),
)}
<h2>Confusion (rows: predicted, columns: final)</h2>
${table(
  ['', ...confusion.labels.map(e)],
  confusion.labels.map((label, row) => [e(label), ...(confusion.matrix[row] ?? []).map(num)]),
)}
<h2>Corrected most often: suggested training phrases</h2>
<p>Add them to the mail corpus with <code>socbot mail review</code>.</p>
${table(
  ['mails', 'corrected to', 'subject', 'excerpt', 'text hash'],
  report.mostCorrected.map((m) => [
    num(m.count),
    e(m.correctedTo),
    e(m.subject),
    e(m.excerpt),
    `<code>${e(m.textHash.slice(0, 12))}</code>`,
  ]),
)}`;
}

/** Headers and cells are HTML already: each caller escapes what came from the log. */
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr>`;
  return `<table>${head}${rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</table>`;
}

function num(value: number): string {
  return String(value);
}

function shareText(value: CountShare): string {
  return value.share === null ? '-' : `${(value.share * 100).toFixed(1)}%`;
}

function agreementRow(label: string, agreement: ModelAgreement): string[] {
  return [
    label,
    num(agreement.mails),
    num(agreement.agreed),
    agreement.accuracy === null ? '-' : `${(agreement.accuracy * 100).toFixed(1)}%`,
  ];
}
