import { escapeHtml } from '../escape-html';
import type { Agreement, TriageEvaluation } from './triage-evaluation';

/**
 * A self-contained HTML page of a triage evaluation (no scripts, no external resources); every
 * value is escaped (model names and instruction file names are configuration, log types come from
 * the SIEM).
 *
 * @example
 *   await writeFile('triage.html', renderTriageEvaluationHtml(evaluateTriage(history), new Date()));
 */
export function renderTriageEvaluationHtml(report: TriageEvaluation, generatedAt: Date): string {
  const e = escapeHtml;
  const table = (head: string[], rows: Array<Array<string | number>>): string =>
    `<table><thead><tr>${head.map((cell) => `<th>${e(cell)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((row) => `<tr>${row.map((cell) => `<td>${e(String(cell))}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const grouped = (title: string, groups: Record<string, Agreement>): string =>
    `<h2>${e(title)}</h2>${table(
      ['', 'triaged', 'closed', 'agreed', 'agreement'],
      Object.entries(groups).map(([key, agreement]) => [key, ...agreementCells(agreement)]),
    )}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>socbot AI triage evaluation</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}th:first-child,td:first-child{text-align:left}</style>
</head><body>
<h1>AI triage evaluation</h1>
<p>Generated ${e(generatedAt.toISOString())}; period: ${e(report.since ? `since ${report.since}` : 'all triages')}; ${report.skippedLines} damaged line(s) skipped.</p>
${table(['', 'triaged', 'closed', 'agreed', 'agreement'], [['all', ...agreementCells(report)]])}
<h2>Confusion (rows: analyst, columns: model)</h2>
${table(
  ['analyst \\ model', ...report.confusion.labels],
  report.confusion.labels.map((label, row) => [label, ...(report.confusion.matrix[row] ?? [])]),
)}
<h2>Calibration of confidence</h2>
${table(
  ['confidence', 'closed', 'agreed', 'accuracy'],
  report.calibration.map((bucket) => [
    bucket.confidence,
    bucket.closed,
    bucket.agreed,
    percent(bucket.accuracy),
  ]),
)}
<h2>Feedback</h2>
${table(['rating', 'presses'], Object.entries(report.feedback))}
${grouped('Per log type', report.byLogType)}
${grouped('Per model', report.byModel)}
${grouped('Per instruction file', report.byInstructionFile)}
</body></html>
`;
}

function agreementCells(agreement: Agreement): Array<string | number> {
  return [
    agreement.triaged,
    agreement.closed,
    agreement.agreed,
    agreement.agreement === null ? '–' : percent(agreement.agreement),
  ];
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
