import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportAlertTimeline } from '../../audit/alert-timeline';
import { SocbotError } from '../../errors';
import type { CliDeps } from '../cli-deps';
import { withAuditTrail } from '../with-audit-trail';

interface VerifyOptions {
  file?: string;
}

interface ExportOptions {
  alert: string;
  out?: string;
  file?: string;
}

/**
 * `socbot audit verify` and `socbot audit export --alert REF [--out FILE]` over the audit trail:
 * `--file`, else the database's when SOCBOT_DATABASE_URL is set, else `<SOCBOT_DATA_DIR>/audit.jsonl`.
 *
 * @example
 *   socbot audit verify                     # exit 0: "42 entries, chain intact"; exit 1: the first broken entry
 *   socbot audit export --alert SOC-2026-0001 --out SOC-2026-0001.md
 */
export function register(program: Command, deps: CliDeps): void {
  const audit = program.command('audit').description('check and export the audit trail');

  audit
    .command('verify')
    .description('check that no audit entry was changed, deleted, reordered or cut off')
    .option('--file <path>', FILE_OPTION)
    .action(async (options: VerifyOptions) => {
      const check = await withAuditTrail(deps.config, options.file, (trail) => trail.verify());
      if (!check.intact) {
        throw new SocbotError(
          'STORAGE_CORRUPT',
          `${check.file}: the audit chain is broken at entry ${check.firstBadSeq} (${check.unit} ${check.lineNo}, ${check.problem}). ` +
            `${check.entries} entries before it are intact. ${check.message}`,
          { file: check.file, firstBadSeq: check.firstBadSeq, problem: check.problem },
        );
      }
      const entries = `${check.entries} ${check.entries === 1 ? 'entry' : 'entries'}`;
      deps.io.stdout.write(
        check.exists
          ? `${entries}, chain intact (head hash ${check.headHash}).\n`
          : `0 entries, chain intact: there is no audit trail yet at ${check.file}.\n`,
      );
    });

  audit
    .command('export')
    .description('write the timeline of one alert as Markdown')
    .requiredOption('--alert <ref>', 'the alert reference (SOC-2026-0001)')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--file <path>', FILE_OPTION)
    .action(async (options: ExportOptions) => {
      const markdown = await withAuditTrail(deps.config, options.file, (trail) =>
        exportAlertTimeline(trail, options.alert, deps.now),
      );
      if (options.out) {
        await writeFile(options.out, markdown, 'utf8');
        deps.io.stdout.write(`Wrote the timeline of ${options.alert} to ${options.out}.\n`);
      } else {
        deps.io.stdout.write(markdown);
      }
    });
}

const FILE_OPTION =
  'the audit file (default: the database when SOCBOT_DATABASE_URL is set, else <SOCBOT_DATA_DIR>/audit.jsonl)';
