import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AuditLog, auditFilePath } from '../../../src/audit/audit-log';
import { Database } from '../../../src/db/database';
import { isSocbotError } from '../../../src/errors';
import { importAuditFromFiles } from '../../../src/store/postgres/import-audit-from-files';
import { PgAuditTrail } from '../../../src/store/postgres/pg-audit-trail';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';

const ana = { id: 'aad-ana', name: 'Ana', role: 'analyst' };

describe('importAuditFromFiles (audit.jsonl into PostgreSQL)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let dataDir: string;
  let file: string;
  beforeEach(async () => {
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-audit-import-'));
    file = auditFilePath(dataDir);
    const log = new AuditLog(file, () => new Date('2026-03-01T10:00:00Z'), ['pw-123']);
    await log.append({
      actor: ana,
      action: 'command',
      summary: 'register alert 4711',
      alertRef: 'SOC-2026-0001',
      details: { requestId: 'r-1', amount: 1.5, big: 1e21 },
    });
    await log.append({
      actor: ana,
      action: 'confirmation',
      summary: 'block PC-0815',
      result: 'confirmed',
      details: { requestId: 'r-1', slots: { terminal: 'PC-0815' } },
    });
    await log.append({
      actor: { id: 'system' },
      action: 'result',
      summary: 'ticket.create',
      result: 'succeeded',
      alertRef: 'SOC-2026-0001',
      details: { unicode: 'Ä \u2028 😀', empty: {} },
    });
    await log.close();
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('copies every entry with its seq and hashes: the database verifies with the file head hash', async () => {
    const fileCheck = await new AuditLog(file).verify();
    const trail = new PgAuditTrail(db);
    expect(await importAuditFromFiles(file, trail)).toEqual({ imported: 3, present: 0 });
    const fromFile = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(await trail.entries()).toEqual(fromFile);
    expect(await trail.verify()).toMatchObject({
      intact: true,
      entries: 3,
      headHash: fileCheck.intact ? fileCheck.headHash : 'file not intact',
    });
    // The chain goes on from the imported head.
    const next = await trail.append({ actor: ana, action: 'command', summary: 'after the migration' });
    expect(next).toMatchObject({ seq: 4, prevHash: fileCheck.intact ? fileCheck.headHash : '' });
    expect(await trail.verify()).toMatchObject({ intact: true, entries: 4 });
  });

  it('is idempotent: a second run copies nothing; entries the file gained since are added', async () => {
    const trail = new PgAuditTrail(db);
    await importAuditFromFiles(file, trail);
    expect(await importAuditFromFiles(file, trail)).toEqual({ imported: 0, present: 3 });
    const log = new AuditLog(file);
    await log.append({ actor: ana, action: 'command', summary: 'one more in the file' });
    await log.close();
    expect(await importAuditFromFiles(file, trail)).toEqual({ imported: 1, present: 3 });
    expect(await trail.verify()).toMatchObject({ intact: true, entries: 4 });
  });

  it('refuses to splice onto a database trail that is not the start of the file (STORAGE_CONFLICT), writing nothing', async () => {
    const trail = new PgAuditTrail(db);
    await trail.append({ actor: ana, action: 'command', summary: 'written by a replica before the import' });
    const error = await importAuditFromFiles(file, trail).catch((caught: unknown) => caught);
    expect(isSocbotError(error, 'STORAGE_CONFLICT')).toBe(true);
    expect((error as Error).message).toMatch(/Import into an empty database/);
    expect(await trail.entries()).toHaveLength(1);
  });

  it('refuses a file whose chain is broken (STORAGE_CORRUPT naming the entry), writing nothing', async () => {
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    lines[1] = (lines[1] as string).replace('PC-0815', 'PC-0816');
    await writeFile(file, `${lines.join('\n')}\n`);
    const trail = new PgAuditTrail(db);
    const error = await importAuditFromFiles(file, trail).catch((caught: unknown) => caught);
    expect(isSocbotError(error, 'STORAGE_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain('broken at entry 2 (line 2, changed)');
    expect(await trail.entries()).toEqual([]);
  });

  it('refuses a file with an entry jsonb cannot hold (NUL, lone surrogate) instead of storing it under a hash it no longer matches', async () => {
    const log = new AuditLog(file, () => new Date('2026-03-01T10:05:00Z'));
    await log.append({ actor: ana, action: 'command', summary: 'pasted a\u0000b and \udc00' });
    await log.close();
    expect((await new AuditLog(file).verify()).intact).toBe(true);
    const trail = new PgAuditTrail(db);
    const error = await importAuditFromFiles(file, trail).catch((caught: unknown) => caught);
    expect(isSocbotError(error, 'STORAGE_CONFLICT')).toBe(true);
    expect((error as Error).message).toContain(
      'audit entry 4 holds a NUL character or a lone UTF-16 surrogate',
    );
    expect(await trail.entries()).toEqual([]);
  });

  it('imports a missing file as nothing', async () => {
    await rm(file);
    expect(await importAuditFromFiles(file, new PgAuditTrail(db))).toEqual({ imported: 0, present: 0 });
  });
});
