import { mkdtemp, writeFile, copyFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import {
  migrate,
  migrationsDir,
  migrationStatus,
  shippedMigrations,
  assertSchemaCurrent,
} from '../../src/db/migrations';
import { isSocbotError } from '../../src/errors';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

describe('schema migrations on a real PostgreSQL', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterEach(() => db.drop());

  it('applies every shipped migration once, in name order, and says so in status', async () => {
    const before = await migrationStatus(db.settings);
    expect(before.applied).toEqual([]);
    expect(before.pending).toEqual(shippedMigrations());
    await expect(assertSchemaCurrent(db.settings)).rejects.toMatchObject({ code: 'DATABASE_SCHEMA' });

    const applied = await migrate(db.settings);
    expect(applied).toEqual(shippedMigrations());
    expect(await migrate(db.settings)).toEqual([]);

    const after = await migrationStatus(db.settings);
    expect(after.pending).toEqual([]);
    expect(after.applied.map((m) => m.name)).toEqual(shippedMigrations());
    await assertSchemaCurrent(db.settings);
  });

  it('lets replicas that start together migrate one at a time: each migration applied exactly once', async () => {
    const results = await Promise.all([migrate(db.settings), migrate(db.settings), migrate(db.settings)]);
    const all = results.flat();
    expect(all.sort()).toEqual(shippedMigrations().sort());
    const database = new Database(db.settings);
    const rows = await database.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM socbot_migrations',
    );
    expect(rows[0]?.count).toBe(shippedMigrations().length);
    await database.close();
  });

  it('rolls back a failing migration and names the fix', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'socbot-migrations-'));
    for (const name of await readdir(migrationsDir()))
      await copyFile(path.join(migrationsDir(), name), path.join(dir, name));
    await writeFile(
      path.join(dir, '9999_broken.sql'),
      '-- Up Migration\nCREATE TABLE half_done (id int);\nSELECT no_such_function();\n',
    );
    const error = await migrate(db.settings, { dir }).catch((e: unknown) => e);
    expect(isSocbotError(error, 'DATABASE_SCHEMA')).toBe(true);
    expect((error as Error).message).toMatch(/socbot db migrate/);
    const database = new Database(db.settings);
    const rows = await database.query<{ present: boolean }>(
      "SELECT to_regclass('half_done') IS NOT NULL AS present",
    );
    expect(rows[0]?.present).toBe(false);
    expect((await migrationStatus(db.settings, { dir })).pending).toEqual(['9999_broken']);
    await database.close();
  });

  it('says DATABASE_UNAVAILABLE with the password hidden when the server cannot be reached', async () => {
    const settings = { url: 'postgres://socbot:hunter2@127.0.0.1:1/socbot', poolSize: 2 };
    const error = await migrationStatus(settings).catch((e: unknown) => e);
    expect(isSocbotError(error, 'DATABASE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).toMatch(/SOCBOT_DATABASE_URL/);
    const database = new Database(settings);
    const queryError = await database.query('SELECT 1').catch((e: unknown) => e);
    expect(isSocbotError(queryError, 'DATABASE_UNAVAILABLE')).toBe(true);
    expect((queryError as Error).message).not.toContain('hunter2');
    expect(await database.ping()).toMatchObject({ ok: false });
    await database.close();
  });
});
