import { confusionMatrix, labelsWithErrors } from './confusion-matrix';
import type { EvaluationMetrics } from './metrics';

/** What the HTML report shows besides the metrics. */
export interface ReportInput {
  metrics: EvaluationMetrics;
  /** What was evaluated, e.g. `{ Corpus: 'corpus/', 'Test set': 'held-out phrases' }`: shown as given. */
  source: Record<string, string>;
  /** Training time in ms, or null when a saved model was evaluated. */
  trainMs: number | null;
  generatedAt: Date;
  /** Above this many intents the heatmap shows only intents involved in an error. Default 30. */
  fullMatrixLimit?: number;
  /** At most this many misclassified utterances are listed. Default 2000. */
  misclassifiedLimit?: number;
}

/**
 * Renders a self-contained HTML page (inline CSS, no scripts, no external assets; every value from
 * the corpus or the model is escaped): summary, confusion heatmap, per-intent table and the
 * misclassified utterances.
 *
 * @example
 *   await writeFile('report.html', renderReportHtml({ metrics, source: { Corpus: 'corpus/' }, trainMs: 1200, generatedAt: new Date() }));
 */
export function renderReportHtml(input: ReportInput): string {
  const { metrics } = input;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>socbot NLU evaluation</title>
<style>${STYLE}</style>
</head>
<body>
<h1>socbot NLU evaluation</h1>
<p class="muted">Generated ${escapeHtml(input.generatedAt.toISOString())}</p>
${summarySection(input)}
${heatmapSection(metrics, input.fullMatrixLimit ?? 30)}
${perIntentSection(metrics)}
${misclassifiedSection(metrics, input.misclassifiedLimit ?? 2000)}
</body>
</html>
`;
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
.muted { color: #666; }
table { border-collapse: collapse; }
th, td { padding: 2px 6px; border: 1px solid #ddd; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.heatmap td { width: 1.4em; height: 1.4em; padding: 0; text-align: center; font-size: 11px; }
table.heatmap th.col { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: normal; font-size: 11px; padding: 4px 0; }
table.heatmap th.row { white-space: nowrap; font-weight: normal; font-size: 11px; position: sticky; left: 0; background: #fff; }
table.heatmap td.hit { color: #000; }
.scroll { overflow: auto; max-width: 100%; max-height: 90vh; }
`;

function summarySection({ metrics, source, trainMs }: ReportInput): string {
  const rows: [string, string][] = [
    ...Object.entries(source),
    ['Test items', String(metrics.count)],
    ['Accuracy', percent(metrics.accuracy)],
    ['Macro-F1', percent(metrics.macroF1)],
    ['In-scope accuracy', percentOrNone(metrics.inScopeAccuracy, 'no in-scope test items')],
    ['Out-of-scope recall', percentOrNone(metrics.oosRecall, 'no out-of-scope (None) test items')],
    ['Out-of-scope false accepts', percentOrNone(metrics.oosFalseAcceptRate, 'no out-of-scope test items')],
    ['In-scope rejected as None', percentOrNone(metrics.inScopeRejectRate, 'no in-scope test items')],
    ['Training time', trainMs === null ? 'n/a (saved model)' : `${(trainMs / 1000).toFixed(1)} s`],
  ];
  return `<h2>Summary</h2>
<table class="summary">
${rows.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n')}
</table>`;
}

const LEGEND =
  'Rows: gold intent; columns: predicted intent. Green: correct; red: confused; hover a cell for its pair.';

function heatmapSection(metrics: EvaluationMetrics, fullMatrixLimit: number): string {
  const allLabels = Object.keys(metrics.perIntent).sort();
  // With many intents a full matrix is unreadable; the intents that are never confused add nothing to it.
  const reduced = allLabels.length > fullMatrixLimit;
  const labels = reduced ? labelsWithErrors(metrics.misclassified) : allLabels;
  const note = reduced
    ? `<p>Showing only the ${labels.length} intents involved in at least one error, of ${allLabels.length}. ${LEGEND}</p>`
    : `<p>${LEGEND}</p>`;
  if (labels.length === 0) {
    return `<h2>Confusion matrix</h2>\n<p>No errors: every test item was recognised correctly.</p>`;
  }
  const matrix = confusionMatrix(metrics.misclassified, labels);
  // Correct predictions are not kept item by item; their counts come from the per-intent numbers.
  labels.forEach((label, i) => {
    const row = matrix.counts[i];
    if (row) row[i] = metrics.perIntent[label]?.correct ?? 0;
  });
  const maxCorrect = Math.max(1, ...matrix.counts.map((row, i) => row[i] ?? 0));
  const maxConfused = Math.max(1, ...matrix.counts.flatMap((row, i) => row.filter((_, j) => j !== i)));
  const header = `<tr><th></th>${labels.map((l) => `<th class="col" scope="col">${escapeHtml(l)}</th>`).join('')}</tr>`;
  const body = matrix.counts
    .map((row, i) => {
      const cells = row
        .map((count, j) => {
          if (count === 0) return '<td></td>';
          const diagonal = i === j;
          const strength = count / (diagonal ? maxCorrect : maxConfused);
          const colour = diagonal
            ? `rgba(46,160,67,${alpha(strength)})`
            : `rgba(215,58,73,${alpha(strength)})`;
          const title = `${labels[i] ?? ''} → ${labels[j] ?? ''}: ${count}`;
          return `<td class="hit" style="background:${colour}" title="${escapeHtml(title)}">${count}</td>`;
        })
        .join('');
      return `<tr><th class="row" scope="row">${escapeHtml(labels[i] ?? '')}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<h2>Confusion matrix</h2>
${note}
<div class="scroll"><table class="heatmap">
${header}
${body}
</table></div>`;
}

function perIntentSection(metrics: EvaluationMetrics): string {
  // Worst first: the table is read to find what to fix.
  const rows = Object.entries(metrics.perIntent)
    .sort(([a, x], [b, y]) => x.f1 - y.f1 || a.localeCompare(b))
    .map(
      ([intent, m]) =>
        `<tr><td>${escapeHtml(intent)}</td><td class="num">${fixed(m.precision)}</td><td class="num">${fixed(m.recall)}</td><td class="num">${fixed(m.f1)}</td><td class="num">${m.support}</td></tr>`,
    )
    .join('\n');
  return `<h2>Per intent (worst F1 first)</h2>
<table class="per-intent">
<tr><th>Intent</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th></tr>
${rows}
</table>`;
}

function misclassifiedSection(metrics: EvaluationMetrics, limit: number): string {
  const shown = metrics.misclassified.slice(0, limit);
  if (shown.length === 0) return `<h2>Misclassified utterances</h2>\n<p>None.</p>`;
  const more =
    metrics.misclassified.length > limit
      ? `<p>Showing the first ${limit} of ${metrics.misclassified.length}.</p>`
      : `<p>${metrics.misclassified.length} of ${metrics.count} test items.</p>`;
  const rows = shown
    .map(
      (p) =>
        `<tr><td>${escapeHtml(p.text)}</td><td>${escapeHtml(p.gold)}</td><td>${escapeHtml(p.predicted)}</td><td class="num">${fixed(p.score)}</td></tr>`,
    )
    .join('\n');
  return `<h2>Misclassified utterances</h2>
${more}
<table class="misclassified">
<tr><th>Utterance</th><th>Gold</th><th>Predicted</th><th>Score</th></tr>
${rows}
</table>`;
}

/** Escapes text for use in HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Keeps faint cells visible: a count of 1 among hundreds still gets some colour. */
function alpha(strength: number): string {
  return (0.15 + 0.85 * strength).toFixed(2);
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function percentOrNone(value: number | null, why: string): string {
  return value === null ? `n/a (${why})` : percent(value);
}

function fixed(value: number): string {
  return value.toFixed(3);
}
