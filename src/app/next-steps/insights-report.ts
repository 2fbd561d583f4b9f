import { escapeHtml } from '../../integrations/escape-html';
import type { Insights, MeanTime } from './insights';

/**
 * The insights as plain text for the terminal: one block per section.
 *
 * @example
 *   process.stdout.write(insightsText(computeInsights(history, lines, null)));
 */
export function insightsText(insights: Insights): string {
  const out = [
    `Alerts registered${insights.since ? ` since ${insights.since}` : ''}: ${insights.alerts}`,
    '',
    'Usual command sequences of closed alerts, per kind:',
  ];
  if (insights.kinds.length === 0) out.push('  (no closed alerts)');
  for (const kind of insights.kinds) {
    out.push(`  ${kind.kind} (${kind.closedAlerts} closed)`);
    for (const sequence of kind.sequences) out.push(`    ${sequence.count}× ${sequenceText(sequence.steps)}`);
  }
  const { acceptance } = insights;
  out.push(
    '',
    `Suggested next steps: ${acceptance.shown} shown, ${acceptance.accepted} accepted, rate ${rateText(acceptance.rate)}`,
  );
  for (const skill of acceptance.bySkill)
    out.push(
      `  ${skill.skill}: ${skill.shown} shown, ${skill.accepted} accepted, rate ${rateText(skill.rate)}`,
    );
  out.push('', 'Mean time to acknowledge (registered → lead taken):');
  out.push(...meanLines(insights.timeToAcknowledge));
  out.push('', 'Mean time to close (registered → closed):');
  out.push(...meanLines(insights.timeToClose));
  return `${out.join('\n')}\n`;
}

/**
 * The insights as a self-contained HTML page; every value from the history (kinds are SIEM
 * titles, analysts are names) is escaped.
 *
 * @example
 *   await writeFile('insights.html', insightsHtml(insights));
 */
export function insightsHtml(insights: Insights): string {
  const e = escapeHtml;
  const kinds = insights.kinds
    .map(
      (kind) =>
        `<h3>${e(kind.kind)} <small>(${kind.closedAlerts} closed)</small></h3>\n<table><tr><th>count</th><th>sequence</th></tr>${kind.sequences
          .map((s) => `<tr><td>${s.count}</td><td>${e(sequenceText(s.steps))}</td></tr>`)
          .join('')}</table>`,
    )
    .join('\n');
  const { acceptance } = insights;
  const acceptanceRows = [{ skill: 'all', ...acceptance }, ...acceptance.bySkill]
    .map(
      (row) =>
        `<tr><td>${e(row.skill)}</td><td>${row.shown}</td><td>${row.accepted}</td><td>${rateText(row.rate)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>socbot insights</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}</style>
</head><body>
<h1>socbot insights</h1>
<p>Alerts registered${insights.since ? ` since ${e(insights.since)}` : ''}: ${insights.alerts}</p>
<h2>Usual command sequences per alert kind</h2>
${kinds || '<p>No closed alerts.</p>'}
<h2>Suggested next steps</h2>
<table><tr><th>skill</th><th>shown</th><th>accepted</th><th>rate</th></tr>${acceptanceRows}</table>
<h2>Mean time to acknowledge (registered → lead taken)</h2>
${meanTables(insights.timeToAcknowledge)}
<h2>Mean time to close (registered → closed)</h2>
${meanTables(insights.timeToClose)}
</body></html>
`;
}

function sequenceText(steps: readonly string[]): string {
  return steps.length === 0 ? '(no commands)' : steps.join(' → ');
}

function rateText(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(1)}%`;
}

function meanLines(times: {
  byPriority: Record<string, MeanTime>;
  byAnalyst: Record<string, MeanTime>;
}): string[] {
  const lines = (title: string, rows: Record<string, MeanTime>): string[] => [
    `  ${title}:`,
    ...Object.entries(rows).map(
      ([key, time]) => `    ${key}: ${time.meanMinutes} min over ${time.alerts} alerts`,
    ),
  ];
  return [...lines('per priority', times.byPriority), ...lines('per analyst', times.byAnalyst)];
}

function meanTables(times: {
  byPriority: Record<string, MeanTime>;
  byAnalyst: Record<string, MeanTime>;
}): string {
  const table = (title: string, rows: Record<string, MeanTime>): string =>
    `<table><tr><th>${title}</th><th>alerts</th><th>mean minutes</th></tr>${Object.entries(rows)
      .map(
        ([key, time]) =>
          `<tr><td>${escapeHtml(key)}</td><td>${time.alerts}</td><td>${time.meanMinutes}</td></tr>`,
      )
      .join('')}</table>`;
  return `${table('priority', times.byPriority)}\n${table('analyst', times.byAnalyst)}`;
}
