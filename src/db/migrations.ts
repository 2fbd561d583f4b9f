import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import { runner } from 'node-pg-migrate';
import { findPackageFile } from '../channels/webchat/find-package-file';
import { databaseUnreachable } from './database';
import { SocbotError } from '../errors';
import { redactedDatabaseUrl, type DatabaseSettings } from './database-settings';

/** The table node-pg-migrate records applied migrations in. */
export const MIGRATIONS_TABLE = 'socbot_migrations';

/**
 * Held (session-level, blocking) while migrations run, so replicas starting together migrate one
 * at a time: the second waits, then finds nothing left to do. node-pg-migrate's own lock would
 * make it fail instead ("Another migration is already running").
 */
const MIGRATION_LOCK = 4_215_001;

/** The migrations shipped with socbot: `migrations/NNNN_name.sql` at the package root, in name order. */
export function migrationsDir(): string {
  return findPackageFile('migrations');
}

/** Names of the shipped migrations (file names without `.sql`), in the order they apply. */
export function shippedMigrations(dir: string = migrationsDir()): string[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => name.replace(/\.sql$/, ''));
}

export interface MigrationStatus {
  /** Applied migrations with when, oldest first. */
  applied: { name: string; at: string }[];
  /** Shipped migrations not applied yet, in the order they would apply. */
  pending: string[];
  /** Applied migrations this socbot does not ship (the database is newer than this socbot). */
  unknown: string[];
}

/**
 * Applies every pending migration, each in its own transaction, one replica at a time.
 * Resolves to the names applied (empty when the schema was current).
 *
 * @example
 *   await migrate(config.database); // `socbot db migrate`, and `serve` at start
 */
export async function migrate(
  settings: DatabaseSettings,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<string[]> {
  return withMigrationClient(settings, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await runner({
        dbClient: client,
        dir: options.dir ?? migrationsDir(),
        direction: 'up',
        migrationsTable: MIGRATIONS_TABLE,
        checkOrder: true,
        noLock: true,
        singleTransaction: false,
        log: (line: string) => options.log?.(line),
        logger: quietLogger(options.log),
      });
      return applied.map((migration) => migration.name);
    } catch (error) {
      throw new SocbotError(
        'DATABASE_SCHEMA',
        `The database schema could not be brought up to date: ${error instanceof Error ? error.message : String(error)}. ` +
          'Nothing of the failing migration was applied; fix the cause (often a user without CREATE rights) and run `socbot db migrate` again.',
        { url: redactedDatabaseUrl(settings.url) },
        { cause: error },
      );
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
}

/** What `socbot db status` prints: applied, pending and unknown migrations. */
export async function migrationStatus(
  settings: DatabaseSettings,
  options: { dir?: string } = {},
): Promise<MigrationStatus> {
  const shipped = shippedMigrations(options.dir);
  return withMigrationClient(settings, async (client) => {
    const exists = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
      MIGRATIONS_TABLE,
    ]);
    const rows = exists.rows[0]?.present
      ? (
          await client.query<{ name: string; run_on: Date }>(
            `SELECT name, run_on FROM ${MIGRATIONS_TABLE} ORDER BY id`,
          )
        ).rows
      : [];
    const appliedNames = new Set(rows.map((row) => row.name));
    return {
      applied: rows.map((row) => ({ name: row.name, at: row.run_on.toISOString() })),
      pending: shipped.filter((name) => !appliedNames.has(name)),
      unknown: rows.map((row) => row.name).filter((name) => !shipped.includes(name)),
    };
  });
}

/**
 * Throws DATABASE_SCHEMA unless every shipped migration is applied: a store must not run on a
 * schema it does not know.
 */
export async function assertSchemaCurrent(
  settings: DatabaseSettings,
  options: { dir?: string } = {},
): Promise<void> {
  const status = await migrationStatus(settings, options);
  if (status.pending.length > 0) {
    throw new SocbotError(
      'DATABASE_SCHEMA',
      `The database at ${redactedDatabaseUrl(settings.url)} lacks ${status.pending.length} migration(s) (${status.pending.join(', ')}). Run \`socbot db migrate\` (serve applies them at start).`,
      { pending: status.pending },
    );
  }
}

async function withMigrationClient<T>(
  settings: DatabaseSettings,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({
    connectionString: settings.url,
    application_name: 'socbot migrate',
    connectionTimeoutMillis: 5000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw databaseUnreachable(redactedDatabaseUrl(settings.url), error);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function quietLogger(log: ((line: string) => void) | undefined) {
  const say = (...parts: unknown[]): void => log?.(parts.map(String).join(' '));
  return { debug: () => undefined, info: say, warn: say, error: say };
}
