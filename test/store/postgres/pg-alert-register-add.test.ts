import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database, sqlStateOf } from '../../../src/db/database';
import { formatRef, isAlertRecord } from '../../../src/store/alert-record';
import { AlertRegister, type NewAlert } from '../../../src/store/alert-register';
import { PgAlertRegister } from '../../../src/store/postgres/pg-alert-register';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres';

const facts: NewAlert = {
  alertId: '4711',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  createdBy: 'siem',
  conversationId: '',
};

/** PgAlertRegister.add as one statement (issue 15: a turn's CPU is per round trip). */
describe('PgAlertRegister.add', () => {
  let testDb: TestDatabase;
  let db: Database;
  /** Statements run through `db` since the last reset (the Database's onQuery: one call per statement). */
  let statements: boolean[] = [];
  const now = (): Date => new Date('2026-03-01T10:00:00Z');
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database(testDb.settings, { onQuery: ({ ok }) => statements.push(ok) });
  });
  beforeEach(async () => {
    await db.query('TRUNCATE alert_changes, alerts, alert_ref_counters');
    statements = [];
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('registers a new alert in one statement, and a retried request in two (the refused insert, then the read)', async () => {
    const register = new PgAlertRegister(db, now);
    const first = await register.add({ ...facts, requestId: 'siem:evt-1' });
    expect(statements).toEqual([true]);

    statements = [];
    expect(await register.add({ ...facts, alertId: 'other', requestId: 'siem:evt-1' })).toEqual(first);
    expect(statements).toEqual([false, true]);

    statements = [];
    await register.add(facts);
    expect(statements).toEqual([true]);
  });

  it('leaves no gap after a retry: the refused statement did not move the counter', async () => {
    const register = new PgAlertRegister(db, now);
    await register.add({ ...facts, requestId: 'turn-1' });
    await register.add({ ...facts, requestId: 'turn-1' });
    await register.add({ ...facts, requestId: 'turn-1' });
    expect((await register.add({ ...facts, requestId: 'turn-2' })).ref).toBe('SOC-2026-0002');
    expect(await db.query('SELECT year, last_sequence FROM alert_ref_counters')).toEqual([
      { year: 2026, last_sequence: 2 },
    ]);
  });

  it('formats references past 9999 as formatRef does (more digits, none cut off)', async () => {
    await db.query('INSERT INTO alert_ref_counters (year, last_sequence) VALUES (2026, 9998)');
    const register = new PgAlertRegister(db, now);
    const added = [await register.add(facts), await register.add(facts), await register.add(facts)];
    expect(added.map((alert) => alert.ref)).toEqual([
      formatRef(2026, 9999),
      formatRef(2026, 10_000),
      formatRef(2026, 10_001),
    ]);
    expect(added.map((alert) => alert.ref)).toEqual(['SOC-2026-9999', 'SOC-2026-10000', 'SOC-2026-10001']);
    expect(added.every(isAlertRecord)).toBe(true);
    // The columns hold the same reference and number as the record.
    expect(
      await db.query('SELECT ref, sequence, record->>$1 AS record_ref FROM alerts ORDER BY sequence', [
        'ref',
      ]),
    ).toEqual([
      { ref: 'SOC-2026-9999', sequence: 9999, record_ref: 'SOC-2026-9999' },
      { ref: 'SOC-2026-10000', sequence: 10_000, record_ref: 'SOC-2026-10000' },
      { ref: 'SOC-2026-10001', sequence: 10_001, record_ref: 'SOC-2026-10001' },
    ]);
    expect(await register.list()).toEqual(added);
    expect(await register.find('soc-2026-10000')).toEqual(added[1]);
  });

  it('hands out the very record the file register writes for the same alert, every optional field included', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-alert-add-'));
    const files = new AlertRegister(dir, now);
    try {
      const alert: NewAlert = {
        ...facts,
        client: '100',
        requestId: 'turn-7',
        title: 'Debug access',
        description: 'Changed a variable in debugging',
        ip: '10.0.0.7',
        priority: 'P1',
        priorityRaisedFrom: 'P2',
        priorityRaisedBecause: 'production system',
      };
      const fromFiles = await files.add(alert);
      const fromPg = await new PgAlertRegister(db, now).add(alert);
      expect(fromPg).toEqual(fromFiles);
      expect(Object.keys(fromPg).sort()).toEqual(Object.keys(fromFiles).sort());
    } finally {
      await files.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with the unique violation, returning no other alert, when the reference (not the request id) is taken', async () => {
    const register = new PgAlertRegister(db, now);
    await register.add({ ...facts, requestId: 'turn-1' });
    // A counter set back by hand: the next reference is one the database already holds.
    await db.query('UPDATE alert_ref_counters SET last_sequence = 0');
    const error = await register.add({ ...facts, requestId: 'turn-2' }).catch((caught: unknown) => caught);
    expect(sqlStateOf(error)).toBe('23505');
    expect((error as { constraint?: string }).constraint).toBe('alerts_pkey');
    expect((await register.list()).map((alert) => alert.requestId)).toEqual(['turn-1']);
    expect(await db.query('SELECT last_sequence FROM alert_ref_counters')).toEqual([{ last_sequence: 0 }]);
  });
});
