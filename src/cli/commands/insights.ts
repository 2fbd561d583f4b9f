import { alertStoreOf, auditTrailOf } from '../../store/backend-stores';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readAlertHistory } from '../../app/next-steps/alert-history';
import { computeInsights } from '../../app/next-steps/insights';
import { insightsHtml, insightsText } from '../../app/next-steps/insights-report';
import { SocbotError } from '../../errors';
import { logsOf } from '../../store/backend-documents';
import { NextStepLog } from '../../store/next-step-log';
import type { CliDeps } from '../cli-deps';
import { withStoreBackend } from '../with-store-backend';
import { jsonForTerminal, printable } from '../terminal-text';

interface InsightsOptions {
  since?: string;
  json?: boolean;
  html?: string;
}

/**
 * `socbot insights [--since DATE] [--json] [--html FILE]`: the SOC's figures from the data directory,
 * or the database SOCBOT_DATABASE_URL names (read only: the alert register, audit trail and next-step log): per alert kind the usual command sequences, the acceptance of suggested next steps,
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
      const config = deps.config();
      const { vipUsers } = config.escalation;
      const insights = await withStoreBackend(config, async (backend) => {
        const alerts = alertStoreOf(backend);
        const audit = auditTrailOf(backend);
        try {
          const [history, suggestions] = await Promise.all([
            readAlertHistory(alerts, vipUsers, audit),
            new NextStepLog(logsOf(backend)).read(),
          ]);
          return computeInsights(history, suggestions, since);
        } finally {
          await alerts.close();
        }
      });
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
