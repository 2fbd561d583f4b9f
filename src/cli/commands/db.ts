import type { Command } from 'commander';
import type { Config } from '../../config';
import { redactedDatabaseUrl, type DatabaseSettings } from '../../db/database-settings';
import { migrate, migrationStatus } from '../../db/migrations';
import { SocbotError } from '../../errors';
import type { CliDeps } from '../cli-deps';

interface StatusOptions {
  json?: boolean;
}

/**
 * `socbot db migrate` and `socbot db status`: the PostgreSQL schema of SOCBOT_DATABASE_URL.
 * `serve` applies pending migrations at start as well (one replica at a time); `migrate` is for
 * operators who migrate before rolling out. `status` exits 1 while migrations are pending.
 *
 * @example
 *   SOCBOT_DATABASE_URL=postgres://socbot@db/socbot socbot db migrate
 *   socbot db status --json
 */
export function register(program: Command, deps: CliDeps): void {
  const db = program.command('db').description('the PostgreSQL schema (SOCBOT_DATABASE_URL)');

  db.command('migrate')
    .description('apply every pending schema migration (safe to run on several replicas at once)')
    .action(async () => {
      const settings = databaseOf(deps.config());
      const applied = await migrate(settings);
      deps.io.stdout.write(
        applied.length === 0
          ? `The schema of ${redactedDatabaseUrl(settings.url)} is up to date.\n`
          : `Applied ${applied.length} migration(s) to ${redactedDatabaseUrl(settings.url)}: ${applied.join(', ')}.\n`,
      );
    });

  db.command('status')
    .description('list applied and pending migrations; exit 1 while some are pending')
    .option('--json', 'one JSON object')
    .action(async (options: StatusOptions) => {
      const settings = databaseOf(deps.config());
      const status = await migrationStatus(settings);
      if (options.json) {
        deps.io.stdout.write(`${JSON.stringify(status)}\n`);
      } else {
        deps.io.stdout.write(`Database ${redactedDatabaseUrl(settings.url)}\n`);
        for (const migration of status.applied)
          deps.io.stdout.write(`  applied  ${migration.name}  ${migration.at}\n`);
        for (const name of status.pending) deps.io.stdout.write(`  pending  ${name}\n`);
        for (const name of status.unknown)
          deps.io.stdout.write(`  unknown  ${name} (applied by a newer socbot)\n`);
        if (status.pending.length === 0) deps.io.stdout.write('Up to date.\n');
      }
      if (status.pending.length > 0)
        throw new SocbotError(
          'DATABASE_SCHEMA',
          `${status.pending.length} migration(s) pending: run \`socbot db migrate\` (serve applies them at start).`,
          { pending: status.pending },
        );
    });
}

function databaseOf(config: Config): DatabaseSettings {
  if (!config.database)
    throw new SocbotError(
      'USAGE',
      'SOCBOT_DATABASE_URL is not set: socbot keeps its data in lowdb files under SOCBOT_DATA_DIR. Set SOCBOT_DATABASE_URL=postgres://user:password@host:5432/socbot to use PostgreSQL.',
    );
  return config.database;
}
