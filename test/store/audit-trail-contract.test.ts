import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry } from '../../src/audit/audit-entry';
import { AuditLog, auditFilePath } from '../../src/audit/audit-log';
import { Database } from '../../src/db/database';
import { PgAuditTrail } from '../../src/store/postgres/pg-audit-trail';
import { createTestDatabase } from '../helpers/postgres';
import { CONTRACT_SECRET, describeAuditTrailContract } from './contracts/audit-trail-contract';

/** One second per entry from 2026-03-01 10:00:00Z, shared by every instance of one test. */
function tickingClock(): () => Date {
  let tick = 0;
  return () => new Date(Date.UTC(2026, 2, 1, 10, 0, tick++));
}

describeAuditTrailContract('AuditLog (audit.jsonl)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-audit-contract-'));
  const file = auditFilePath(dir);
  const clock = tickingClock();
  const trail = new AuditLog(file, clock, [CONTRACT_SECRET]);
  return {
    trail,
    reopen: () => new AuditLog(file, clock, [CONTRACT_SECRET]),
    async tamper(seq, change) {
      const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
      const index = lines.findIndex((line) => (JSON.parse(line) as AuditEntry).seq === seq);
      lines[index] = JSON.stringify(change(JSON.parse(lines[index] ?? '') as AuditEntry));
      await writeFile(file, `${lines.join('\n')}\n`);
    },
    async cleanup() {
      await trail.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeAuditTrailContract('PgAuditTrail (PostgreSQL)', async () => {
  const testDb = await createTestDatabase();
  const databases = [new Database(testDb.settings)];
  const clock = tickingClock();
  const trail = new PgAuditTrail(databases[0] as Database, clock, [CONTRACT_SECRET]);
  return {
    trail,
    reopen() {
      const other = new Database(testDb.settings);
      databases.push(other);
      return new PgAuditTrail(other, clock, [CONTRACT_SECRET]);
    },
    async tamper(seq, change) {
      const [row] = await (databases[0] as Database).query<{ entry: AuditEntry }>(
        'SELECT entry FROM audit_entries WHERE seq = $1',
        [seq],
      );
      const changed = change(row?.entry as AuditEntry);
      // What a tamperer with write access would do: the entry and its copies, not the chain head.
      await (databases[0] as Database).query(
        'UPDATE audit_entries SET entry = $2::jsonb, hash = $3, prev_hash = $4 WHERE seq = $1',
        [seq, JSON.stringify(changed), changed.hash, changed.prevHash],
      );
    },
    async cleanup() {
      await trail.close();
      await Promise.all(databases.map((db) => db.close()));
      await testDb.drop();
    },
  };
});
