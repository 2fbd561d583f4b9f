import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry, AuditRecord } from '../../../src/audit/audit-entry';
import { AuditLog } from '../../../src/audit/audit-log';
import { canonicalParts } from '../../../src/audit/canonical-parts';
import { chainedEntry, entryContent } from '../../../src/audit/chained-entry';
import { entryHash } from '../../../src/audit/entry-hash';
import { verifyAuditLines } from '../../../src/audit/verify-audit';
import { Database } from '../../../src/db/database';
import { PgAuditTrail } from '../../../src/store/postgres/pg-audit-trail';
import { openStoreBackend } from '../../../src/store/store-backend';
import { testConfig } from '../../helpers/test-config';
import { runCli } from '../../cli/run-cli';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';

const ana = { id: 'aad-ana', name: 'Ana', role: 'analyst' };

/** Content whose canonical JSON is easy to get wrong in SQL: escapes, multi-byte text, keys named like the chain's. */
const TRICKY_RECORDS: AuditRecord[] = [
  {
    actor: { id: 'aad-zoë', name: 'Zoë Ørsted 🛡️', role: 'lead' },
    action: 'call',
    summary: 'Überprüfe „Alarm“ 🚨 — 日本語 "quoted" back\\slash, token s3cr3t-t0ken',
    result: 'tab\there\nnewline \u2028 \u0001 done: INC0012345',
    alertRef: 'SOC-2026-0042',
    conversationId: 'a:b/c"d',
    details: {
      password: 'hunter2',
      seq: 99,
      prevHash: 'not the chain',
      hash: 'nor this',
      nested: { seq: [1, { seq: 2, '"seq":': '"prevHash":' }] },
      'key with "quotes" and \\': '\\u0000 typed literally',
      emoji: '👩‍💻🔥',
      numbers: [0, -1, 0.1, 1.5e300, 2 ** 53 - 1, 1e21, -0.000001],
      flags: [true, false, null],
      empty: {},
      header: 'Bearer s3cr3t-t0ken',
    },
  },
  { actor: { id: 'system' }, action: 'refusal', summary: 'refused', result: 'not a lead' },
  { actor: ana, action: 'command', summary: 'ß', conversationId: 'only a conversation' },
];

describe('PgAuditTrail across replicas (PostgreSQL only)', () => {
  let testDb: TestDatabase;
  let replicaA: Database;
  let replicaB: Database;
  beforeEach(async () => {
    testDb = await createTestDatabase();
    replicaA = new Database(testDb.settings, { applicationName: 'socbot replica A' });
    replicaB = new Database(testDb.settings, { applicationName: 'socbot replica B' });
  });
  afterEach(async () => {
    await Promise.all([replicaA.close(), replicaB.close()]);
    await testDb.drop();
  });

  it('chains 2×100 appends from two replicas at once into one intact chain, seq 1..200', async () => {
    const trails = [new PgAuditTrail(replicaA), new PgAuditTrail(replicaB)];
    const written = await Promise.all(
      trails.flatMap((trail, replica) =>
        Array.from({ length: 100 }, (_, index) =>
          trail.append({ actor: ana, action: 'command', summary: `replica ${replica} command ${index}` }),
        ),
      ),
    );
    const entries = await trails[0]?.entries();
    expect(entries?.map((entry) => entry.seq)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    // What each caller was given is what the table holds: no entry was chained twice or rewritten.
    expect([...written].sort((a, b) => a.seq - b.seq)).toEqual(entries);
    for (const replica of [0, 1]) {
      expect(entries?.filter((entry) => entry.summary.startsWith(`replica ${replica} `))).toHaveLength(100);
    }
    const checks = await Promise.all(trails.map((trail) => trail.verify()));
    for (const check of checks) {
      expect(check).toEqual({
        intact: true,
        entries: 200,
        exists: true,
        file: expect.stringContaining('audit_entries') as unknown as string,
        headHash: entries?.[199]?.hash,
      });
    }
  });

  it('chains appends from two replicas at once where the database defaults to REPEATABLE READ: socbot pins READ COMMITTED', async () => {
    const name = new URL(testDb.url).pathname.slice(1);
    await replicaA.query(`ALTER DATABASE ${name} SET default_transaction_isolation = 'repeatable read'`);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-rr-'));
    const backends = [0, 1].map(() => openStoreBackend(testConfig({ dataDir, database: testDb.settings })));
    try {
      const trails = backends.map((backend) => {
        if (backend.kind !== 'postgres') throw new Error('expected the PostgreSQL backend');
        return new PgAuditTrail(backend.db);
      });
      // Under REPEATABLE READ an append that waited on the head's row lock would fail with 40001.
      await Promise.all(
        trails.flatMap((trail, replica) =>
          Array.from({ length: 30 }, (_, index) =>
            trail.append({ actor: ana, action: 'command', summary: `replica ${replica} command ${index}` }),
          ),
        ),
      );
      expect(await trails[0]?.verify()).toMatchObject({ intact: true, entries: 60 });
    } finally {
      await Promise.all(
        backends.map((backend) => (backend.kind === 'postgres' ? backend.db.close() : undefined)),
      );
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('appends in one statement though another replica appended since (no head kept, no retry)', async () => {
    let statementsOfB = 0;
    const countingB = new Database(testDb.settings, {
      applicationName: 'socbot replica B (counted)',
      onQuery: () => {
        statementsOfB += 1;
      },
    });
    try {
      const [a, b] = [new PgAuditTrail(replicaA), new PgAuditTrail(countingB)];
      await b.append({ actor: ana, action: 'command', summary: 'B first' });
      // Turns alternating replicas: every append of B follows one of A.
      for (let turn = 0; turn < 5; turn += 1) {
        await a.append({ actor: ana, action: 'command', summary: `A ${turn}` });
        statementsOfB = 0;
        const entry = await b.append({ actor: ana, action: 'command', summary: `B ${turn}` });
        expect(entry.seq).toBe(3 + 2 * turn);
        expect(statementsOfB).toBe(1);
      }
      expect(await a.verify()).toMatchObject({ intact: true, entries: 11 });
    } finally {
      await countingB.close();
    }
  });

  describe('two replicas appending at once (each append counted)', () => {
    const statements = { a: 0, b: 0 };
    let countedA: Database;
    let countedB: Database;
    beforeEach(() => {
      statements.a = 0;
      statements.b = 0;
      const counted = (name: 'a' | 'b'): Database =>
        new Database(testDb.settings, {
          applicationName: `socbot replica ${name} (counted)`,
          onQuery: () => {
            statements[name] += 1;
          },
        });
      countedA = counted('a');
      countedB = counted('b');
    });
    afterEach(() => Promise.all([countedA.close(), countedB.close()]));

    it('appends waiting behind the uncommitted append of another replica each take one statement, none conflicts', async () => {
      const [a, b] = [new PgAuditTrail(countedA), new PgAuditTrail(countedB)];
      await replicaB.withClient(async (other) => {
        // A third replica's append, left uncommitted: it holds the head's row lock and has moved the head.
        await other.query('BEGIN');
        const content = entryContent(
          { actor: ana, action: 'command', summary: 'other replica' },
          new Date(),
          [],
        );
        const parts = canonicalParts(content);
        await other.query(
          'SELECT * FROM socbot_audit_append($1::jsonb, $2::text[], $3::text[], $4::text[])',
          [
            JSON.stringify([content]),
            [parts.beforePrevHash],
            [parts.betweenPrevHashAndSeq],
            [parts.afterSeq],
          ],
        );
        const appended = Promise.all([
          a.append({ actor: ana, action: 'command', summary: 'replica a' }),
          b.append({ actor: ana, action: 'command', summary: 'replica b' }),
        ]);
        await waitForLockWaiters(replicaA, 2);
        await other.query('COMMIT');
        const [fromA, fromB] = await appended;
        expect([fromA.seq, fromB.seq].sort()).toEqual([2, 3]);
      });
      expect(statements).toEqual({ a: 1, b: 1 });
      const check = await new PgAuditTrail(replicaA).verify();
      expect(check).toMatchObject({ intact: true, entries: 3 });
    });

    it('2×25 appends, each replica awaiting its own one by one: exactly one statement each, one intact chain', async () => {
      const [a, b] = [new PgAuditTrail(countedA), new PgAuditTrail(countedB)];
      const appendAll = async (trail: PgAuditTrail, name: string): Promise<void> => {
        for (let index = 0; index < 25; index += 1)
          await trail.append({ actor: ana, action: 'command', summary: `${name} ${index}` });
      };
      await Promise.all([appendAll(a, 'a'), appendAll(b, 'b')]);
      expect(statements).toEqual({ a: 25, b: 25 });
      const check = await new PgAuditTrail(replicaA).verify();
      expect(check).toMatchObject({ intact: true, entries: 50 });
    });
  });

  it('chains in SQL to the very hashes the file trail computes, for tricky content, and both verifiers agree', async () => {
    const [{ server_encoding: encoding }] = (await replicaA.query<{ server_encoding: string }>(
      'SHOW server_encoding',
    )) as [{ server_encoding: string }];
    expect(encoding).toBe('UTF8');
    const secrets = ['s3cr3t-t0ken'];
    const clock = (): Date => new Date('2026-12-07T04:30:00.000Z');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-audit-sql-'));
    try {
      const file = new AuditLog(path.join(dir, 'audit.jsonl'), clock, secrets);
      const database = new PgAuditTrail(replicaA, clock, secrets);
      for (const record of TRICKY_RECORDS) {
        const [inFile, inDatabase] = [await file.append(record), await database.append(record)];
        expect(inDatabase).toEqual(inFile);
        expect(JSON.stringify(inDatabase)).toBe(JSON.stringify(inFile));
        expect(entryHash(inDatabase)).toBe(inDatabase.hash);
      }
      const stored = await database.entries();
      expect(stored).toEqual(await file.entries());
      expect(JSON.stringify(stored)).not.toContain('s3cr3t-t0ken');
      expect(stored[0]?.details).toMatchObject({ password: '[redacted]' });
      expect(await database.verify()).toMatchObject({ intact: true, entries: TRICKY_RECORDS.length });
      // The rows as lines of a file: the file's verifier, on what the database holds.
      const lines = stored.map((entry, index) => ({ lineNo: index + 1, text: JSON.stringify(entry), entry }));
      expect(
        verifyAuditLines(lines, { complete: true, exists: true, file: 'rows', unit: 'row' }),
      ).toMatchObject({ intact: true, entries: TRICKY_RECORDS.length, headHash: stored.at(-1)?.hash });
      await file.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a missing chain head is DATABASE_SCHEMA with the remedy, and nothing is inserted', async () => {
    await replicaB.query('DELETE FROM audit_chain_head');
    const trail = new PgAuditTrail(replicaA);
    await expect(trail.append({ actor: ana, action: 'command', summary: 'lost' })).rejects.toMatchObject({
      code: 'DATABASE_SCHEMA',
      message: expect.stringContaining('socbot db migrate') as unknown as string,
    });
    expect(await replicaB.query('SELECT seq FROM audit_entries')).toEqual([]);
  });

  it('finds entries deleted from the end: the chain head still names the last one written', async () => {
    const trail = new PgAuditTrail(replicaA);
    for (let index = 0; index < 3; index += 1)
      await trail.append({ actor: ana, action: 'command', summary: `command ${index}` });
    await replicaB.query('DELETE FROM audit_entries WHERE seq = 3');
    const check = await trail.verify();
    expect(check).toMatchObject({
      intact: false,
      firstBadSeq: 3,
      problem: 'deleted',
      entries: 2,
      unit: 'row',
    });
    expect(!check.intact && check.message).toMatch(
      /^Entries 3–3 are missing: the chain head says the trail ends at entry 3/,
    );
  });

  it('names an entry added by hand after the last one socbot appended, though it chains correctly', async () => {
    const trail = new PgAuditTrail(replicaA);
    await trail.append({ actor: ana, action: 'command', summary: 'first' });
    const second = await trail.append({ actor: ana, action: 'command', summary: 'second' });
    const forged = chainedEntry(second, { actor: ana, action: 'command', summary: 'forged' }, new Date(), []);
    await replicaB.query(
      'INSERT INTO audit_entries (seq, entry, hash, prev_hash) VALUES ($1, $2::jsonb, $3, $4)',
      [forged.seq, JSON.stringify(forged), forged.hash, forged.prevHash],
    );
    const check = await trail.verify();
    expect(check).toMatchObject({ intact: false, firstBadSeq: 3, entries: 2, problem: 'changed' });
    expect(!check.intact && check.message).toMatch(
      /^The chain head \(seq 2\) does not name the last entry \(3\)/,
    );
  });

  it('names the row whose hash column was changed, though its entry is untouched', async () => {
    const trail = new PgAuditTrail(replicaA);
    await trail.append({ actor: ana, action: 'command', summary: 'first' });
    await trail.append({ actor: ana, action: 'command', summary: 'second' });
    await replicaB.query("UPDATE audit_entries SET hash = repeat('f', 64) WHERE seq = 2");
    expect(await trail.verify()).toMatchObject({ intact: false, firstBadSeq: 2, problem: 'changed' });
  });

  it('stores a NUL character a SIEM sent as U+FFFD instead of failing the append, and still verifies', async () => {
    const trail = new PgAuditTrail(replicaA);
    const entry = await trail.append({
      actor: { id: 'system', name: 'socbot SIEM intake' },
      action: 'command',
      summary: 'register alert a\u0000b',
      details: { raw: 'x\u0000y', nested: ['\u0000'] },
    });
    expect(entry.summary).toBe('register alert a\uFFFDb');
    expect(entry.details).toEqual({ raw: 'x\uFFFDy', nested: ['\uFFFD'] });
    expect(await trail.entries()).toEqual([entry]);
    expect(await trail.verify()).toMatchObject({ intact: true, entries: 1 });
  });

  describe('socbot audit on the database (SOCBOT_DATABASE_URL)', () => {
    let dataDir: string;
    beforeEach(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'socbot-audit-pg-cli-'));
    });
    afterEach(() => rm(dataDir, { recursive: true, force: true }));
    const env = (): NodeJS.ProcessEnv => ({ SOCBOT_DATA_DIR: dataDir, SOCBOT_DATABASE_URL: testDb.url });

    it('verify: exit 0 with the count and head hash; exit 1 naming the changed entry', async () => {
      const trail = new PgAuditTrail(replicaA);
      await trail.append({
        actor: ana,
        action: 'command',
        summary: 'register alert',
        alertRef: 'SOC-2026-0001',
      });
      const last = await trail.append({
        actor: ana,
        action: 'command',
        summary: 'close alert',
        alertRef: 'SOC-2026-0001',
      });
      const intact = await runCli(['audit', 'verify'], { env: env() });
      expect(intact).toMatchObject({
        code: 0,
        stderr: '',
        stdout: `2 entries, chain intact (head hash ${last.hash}).\n`,
      });

      const [row] = await replicaB.query<{ entry: AuditEntry }>(
        'SELECT entry FROM audit_entries WHERE seq = 1',
      );
      await replicaB.query('UPDATE audit_entries SET entry = $1::jsonb WHERE seq = 1', [
        JSON.stringify({ ...row?.entry, summary: 'nothing to see' }),
      ]);
      const broken = await runCli(['audit', 'verify'], { env: env() });
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain('the audit chain is broken at entry 1 (row 1, changed)');
      expect(broken.stderr).toContain('pg_dump -t audit_entries');
    });

    it('export --alert: the timeline from the database', async () => {
      const trail = new PgAuditTrail(replicaA, () => new Date('2026-03-01T10:00:00Z'));
      await trail.append({
        actor: ana,
        action: 'command',
        summary: 'register alert 4711',
        alertRef: 'SOC-2026-0007',
      });
      await trail.append({
        actor: ana,
        action: 'command',
        summary: 'register alert 4712',
        alertRef: 'SOC-2026-0008',
      });
      const out = path.join(dataDir, 'timeline.md');
      const run = await runCli(['audit', 'export', '--alert', 'SOC-2026-0007', '--out', out], { env: env() });
      expect(run).toMatchObject({ code: 0, stdout: `Wrote the timeline of SOC-2026-0007 to ${out}.\n` });
      const markdown = await readFile(out, 'utf8');
      expect(markdown).toContain('| 2026-03-01 10:00:00 | Ana (analyst) | register alert 4711 |  |');
      expect(markdown).not.toContain('4712');
      expect(markdown).toContain('(table audit_entries)');
    });

    it('verify: a database that was never migrated is DATABASE_SCHEMA with the remedy', async () => {
      const empty = await createTestDatabase({ migrated: false });
      try {
        const run = await runCli(['audit', 'verify'], {
          env: { SOCBOT_DATA_DIR: dataDir, SOCBOT_DATABASE_URL: empty.url },
        });
        expect(run.code).not.toBe(0);
        expect(run.stderr).toContain('socbot db migrate');
      } finally {
        await empty.drop();
      }
    });
  });
});

/** Waits until `count` sessions of the test database wait for a lock (bounded: 10 s). */
async function waitForLockWaiters(db: Database, count: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [row] = await db.query<{ waiting: number }>(
      "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if ((row?.waiting ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${count} sessions never waited for a lock`);
}
