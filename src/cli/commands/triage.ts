import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { SocbotError } from '../../errors';
import {
  evaluateTriage,
  type Agreement,
  type TriageEvaluation,
} from '../../integrations/triage/triage-evaluation';
import { renderTriageEvaluationHtml } from '../../integrations/triage/triage-evaluation-html';
import { logsOf } from '../../store/backend-documents';
import { TriageLog } from '../../store/triage-log';
import type { CliDeps } from '../cli-deps';
import { columns } from '../format';
import { withStoreBackend } from '../with-store-backend';

interface EvaluateOptions {
  since?: string;
  json?: boolean;
  html?: string;
}

/**
 * `socbot triage evaluate [--since DATE] [--json] [--html FILE]`: the AI triage model against the
 * analysts' final classifications (`<SOCBOT_DATA_DIR>/triage.jsonl`): agreement, confusion,
 * calibration of confidence, feedback counts, and agreement per log type, model and instruction
 * file, so a team can tell whether a new model or instruction file is better. With
 * SOCBOT_DATABASE_URL the triage log is the database's, which every replica writes. Reads only.
 *
 * @example
 *   socbot triage evaluate --since 2026-12-01 --json | jq .agreement
 */
export function register(program: Command, deps: CliDeps): void {
  const triage = program.command('triage').description('the AI triage of alerts');
  triage
    .command('evaluate')
    .description("compare the model's classifications with the analysts' final ones")
    .option('--since <date>', 'only alerts triaged on or after this date (YYYY-MM-DD or ISO time)')
    .option('--json', 'print one JSON object')
    .option('--html <file>', 'also write a self-contained HTML page')
    .action(async (options: EvaluateOptions) => {
      const since = options.since === undefined ? undefined : isoDate(options.since);
      const history = await withStoreBackend(deps.config(), (backend) =>
        new TriageLog(logsOf(backend)).read(),
      );
      const report = evaluateTriage(history, since === undefined ? {} : { since });
      if (options.html) await writeFile(options.html, renderTriageEvaluationHtml(report, deps.now()), 'utf8');
      deps.io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${summary(report)}\n`);
    });
}

function isoDate(value: string): string {
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) {
    throw new SocbotError(
      'USAGE',
      `--since "${value}" is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01.`,
    );
  }
  return at.toISOString();
}

function summary(report: TriageEvaluation): string {
  const line = (agreement: Agreement): string =>
    `${agreement.closed} closed of ${agreement.triaged} triaged, agreement ${
      agreement.agreement === null ? '–' : `${(agreement.agreement * 100).toFixed(1)}%`
    }`;
  const grouped = (title: string, groups: Record<string, Agreement>): string[] => [
    `${title}:`,
    ...Object.entries(groups).map(([key, agreement]) => `  ${key}: ${line(agreement)}`),
  ];
  const labels = report.confusion.labels;
  return [
    `AI triage ${report.since ? `since ${report.since}` : '(all)'}: ${line(report)}.`,
    '',
    "confusion (rows: analyst's final classification, columns: model's):",
    columns(
      [
        ['', ...labels],
        ...labels.map((label, row) => [label, ...(report.confusion.matrix[row] ?? []).map(String)]),
      ],
      '  ',
    ),
    '',
    'calibration (confidence: agreed/closed):',
    ...report.calibration.map(
      (bucket) =>
        `  ${bucket.confidence}: ${bucket.agreed}/${bucket.closed} (${(bucket.accuracy * 100).toFixed(1)}%)`,
    ),
    '',
    `feedback: ${Object.entries(report.feedback)
      .map(([rating, count]) => `${rating} ${count}`)
      .join(', ')}`,
    ...grouped('per log type', report.byLogType),
    ...grouped('per model', report.byModel),
    ...grouped('per instruction file', report.byInstructionFile),
    ...(report.skippedLines > 0 ? [`${report.skippedLines} damaged line(s) of triage.jsonl skipped`] : []),
  ].join('\n');
}
