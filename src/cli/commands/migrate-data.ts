import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '../../db/database';
import { redactedDatabaseUrl } from '../../db/database-settings';
import { migrate } from '../../db/migrations';
import { SocbotError } from '../../errors';
import { DATA_DIR_LOCK_FILE_NAME } from '../../store/data-dir-lock';
import {
  migrateDataDir,
  type CopyUnit,
  type DataDirMigration,
  type StoreCopy,
} from '../../store/postgres/migrate-data-dir';
import { ProcessLock } from '../../store/process-lock';
import type { CliDeps } from '../cli-deps';

interface MigrateDataOptions {
  from: string;
  json?: boolean;
}

/** What stays behind, for --help: ephemeral things, and what stays per replica on PostgreSQL too. */
const NOT_COPIED = `
Copied, in this order: audit.jsonl (its chain verified), alerts.jsonl, outbox.json, state.json,
action-intents.jsonl (unfinished confirmed actions), the documents (review queue, Basis requests,
conversations, incident rooms, approvals, escalation acks) and logs (triage, mail, next steps,
processed mail). What the database holds already is left as it is: a second run copies nothing.

Not copied: the Direct Line conversations and the replay guard of incoming activities (the embedded
mode keeps them in memory only; open Web Chat pages start a new conversation), the Web Chat token
key file (set WEBCHAT_SECRET, or pages reload once), socbot chat's console state and intents,
mail-review.json (socbot mail review's own progress) and the models: they stay per machine.
`;

/**
 * `socbot migrate-data --from ./data [--json]`: copies an embedded data directory into the
 * PostgreSQL database of SOCBOT_DATABASE_URL once, store by store (migrateDataDir), after bringing
 * the schema up to date. It takes the data directory's lock for the copy, so it refuses
 * (DATA_DIR_IN_USE) while a socbot writes there. Running it again copies nothing and says so.
 *
 * @example
 *   SOCBOT_DATABASE_URL=postgres://socbot@db/socbot socbot migrate-data --from ./data
 */
export function register(program: Command, deps: CliDeps): void {
  program
    .command('migrate-data')
    .description('copy an embedded data directory into the PostgreSQL database (SOCBOT_DATABASE_URL) once')
    .requiredOption('--from <dir>', 'the data directory to copy (stop the socbot that uses it first)')
    .option('--json', 'print one JSON object instead of one line per store')
    .addHelpText('after', NOT_COPIED)
    .action(async (options: MigrateDataOptions) => {
      const config = deps.config();
      if (!config.database)
        throw new SocbotError(
          'USAGE',
          'migrate-data copies into PostgreSQL, and SOCBOT_DATABASE_URL is not set. Set SOCBOT_DATABASE_URL=postgres://user:password@host:5432/socbot and run it again.',
        );
      const from = path.resolve(options.from);
      await assertDirectory(from);
      await migrate(config.database);
      const lock = await ProcessLock.acquire(
        path.join(from, DATA_DIR_LOCK_FILE_NAME),
        `the data directory ${from}`,
        '',
        {
          note: JSON.stringify({ command: 'migrate-data' }),
          inUse: (holder) =>
            `A socbot process (pid ${holder.pid}) is writing the data directory ${from}: stop it before ` +
            `socbot migrate-data, so that the copy is of a data directory nobody changes. If no socbot ` +
            `runs as pid ${holder.pid}, delete ${holder.file}.`,
        },
      );
      const db = openDatabase(config.database, { applicationName: 'socbot migrate-data' });
      const where = redactedDatabaseUrl(config.database.url);
      try {
        if (!options.json) deps.io.stdout.write(`Copying ${from} into ${where}\n`);
        const migration = await migrateDataDir(from, db, {
          replicaId: `migrate-data:${hostname()}:${process.pid}`,
          now: deps.now,
          onStore: (copy) => {
            if (!options.json) deps.io.stdout.write(`  ${describeCopy(copy)}\n`);
          },
        });
        deps.io.stdout.write(
          options.json ? `${JSON.stringify({ from, database: where, ...migration })}\n` : summary(migration),
        );
      } finally {
        await db.close();
        await lock.release();
      }
    });
}

async function assertDirectory(dir: string): Promise<void> {
  const found = await stat(dir).catch(() => undefined);
  if (!found?.isDirectory())
    throw new SocbotError(
      'USAGE',
      `${dir} is not a directory: give --from the data directory socbot ran on (its SOCBOT_DATA_DIR, ./data by default).`,
    );
}

function describeCopy(copy: StoreCopy): string {
  if (!copy.present) return `${copy.store}: none in the data directory`;
  const parts = [`${counted(copy.copied, copy.unit)} copied`, `${copy.alreadyThere} already there`];
  for (const skipped of copy.skipped) parts.push(`${skipped.count} skipped (${skipped.why})`);
  return `${copy.store}: ${parts.join(', ')}${copy.notes.length > 0 ? `; ${copy.notes.join('; ')}` : ''}`;
}

/** `1 entry`, `2 entries`, `0 jobs`. */
function counted(count: number, unit: CopyUnit): string {
  return `${count} ${count === 1 ? SINGULAR[unit] : unit}`;
}

const SINGULAR: Record<CopyUnit, string> = {
  entries: 'entry',
  alerts: 'alert',
  jobs: 'job',
  items: 'item',
  intents: 'intent',
  documents: 'document',
  lines: 'line',
};

function summary(migration: DataDirMigration): string {
  const lines: string[] = [];
  if (migration.before)
    lines.push(
      `This database was migrated from ${migration.before.from} before (${migration.before.at}); running again is harmless.`,
    );
  lines.push(
    !migration.stores.some((store) => store.present)
      ? 'Nothing copied: the data directory holds no socbot data (is --from the right directory?).'
      : migration.copied === 0
        ? 'Nothing copied: the database holds everything of this data directory already.'
        : `Copied ${migration.copied} record(s). Start the replicas with SOCBOT_DATABASE_URL; keep the data directory until \`socbot alerts\` and \`socbot audit verify\` look right on the database.`,
  );
  return `${lines.join('\n')}\n`;
}
