import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readAlertHistory } from '../../app/next-steps/alert-history';
import { computeInsights } from '../../app/next-steps/insights';
import { insightsHtml, insightsText } from '../../app/next-steps/insights-report';
import { SocbotError } from '../../errors';
import { NextStepLog } from '../../store/next-step-log';
import type { CliDeps } from '../cli-deps';
import { withAuditTrail } from '../with-audit-trail';
import { jsonForTerminal, printable } from '../terminal-text';

interface InsightsOptions {
  since?: string;
  json?: boolean;
  html?: string;
}

/**
 * `socbot insights [--since DATE] [--json] [--html FILE]`: the SOC's figures from the data directory
 * (read only): per alert kind the usual command sequences, the acceptance of suggested next steps,
 * mean times to acknowledge and to close per priority and per analyst.
 *
 * @example
 *   socbot insights --since 2026-11-01 --json | jq '.timeToClose.byPriority'
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('insights')
    .description(
      'usual command sequences per alert kind, suggestion acceptance, mean times to acknowledge and close',
    )
    .option(
      '--since <date>',
      'only alerts registered (and suggestions shown) from this date on, e.g. 2026-11-01',
    )
    .option('--json', 'print one JSON object')
    .option('--html <file>', 'also write the figures as an HTML page')
    .action(async (options: InsightsOptions) => {
      const since = options.since === undefined ? null : parseSince(options.since);
      const { dataDir, escalation } = deps.config();
      const { vipUsers } = escalation;
      const insights = computeInsights(
        await withAuditTrail(deps.config, undefined, (audit) => readAlertHistory(dataDir, vipUsers, audit)),
        await new NextStepLog(dataDir).read(),
        since,
      );
      if (options.html) await writeFile(options.html, insightsHtml(insights), 'utf8');
      // SIEM titles and names are anyone's text: no control character reaches the terminal.
      deps.io.stdout.write(
        options.json ? `${jsonForTerminal(insights)}\n` : printable(insightsText(insights)),
      );
    });
}

function parseSince(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new SocbotError(
      'USAGE',
      `--since "${text}" is not a date. Give it as YYYY-MM-DD (or a full ISO time), e.g. --since 2026-11-01.`,
    );
  }
  return date;
}
