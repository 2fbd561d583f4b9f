import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../../src/db/database';
import { isSocbotError } from '../../../src/errors';
import { ALERTS_FILE_NAME, AlertRegister, type NewAlert } from '../../../src/store/alert-register';
import { importAlertsFromFiles } from '../../../src/store/postgres/import-alerts-from-files';
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

describe('PgAlertRegister across replicas (two pools on one database)', () => {
  let testDb: TestDatabase;
  let replicaA: Database;
  let replicaB: Database;
  const now = (): Date => new Date('2026-03-01T10:00:00Z');
  beforeAll(async () => {
    testDb = await createTestDatabase();
    replicaA = new Database(testDb.settings);
    replicaB = new Database(testDb.settings);
  });
  beforeEach(() => replicaA.query('TRUNCATE alert_changes, alerts, alert_ref_counters'));
  afterAll(async () => {
    await Promise.all([replicaA.close(), replicaB.close()]);
    await testDb.drop();
  });

  it('registers 50 concurrent adds (10 of them one SIEM delivery retried) as 41 alerts with unique, consecutive references', async () => {
    const a = new PgAlertRegister(replicaA, now);
    const b = new PgAlertRegister(replicaB, now);
    const added = await Promise.all(
      Array.from({ length: 50 }, (_, at) => {
        const register = at % 2 === 0 ? a : b;
        // Every fifth add is the same delivery, retried against either replica.
        return at % 5 === 0
          ? register.add({ ...facts, alertId: 'evt-retried', requestId: 'siem:evt-retried' })
          : register.add({ ...facts, alertId: `evt-${at}`, requestId: `siem:evt-${at}` });
      }),
    );
    const retried = added.filter((alert) => alert.requestId === 'siem:evt-retried');
    expect(retried).toHaveLength(10);
    expect(new Set(retried.map((alert) => alert.ref)).size).toBe(1);
    const listed = await b.list();
    expect(listed).toHaveLength(41);
    expect(listed.map((alert) => alert.ref)).toEqual(
      Array.from({ length: 41 }, (_, at) => `SOC-2026-${String(at + 1).padStart(4, '0')}`),
    );
    expect(listed.filter((alert) => alert.requestId === 'siem:evt-retried')).toHaveLength(1);
    // Every add was answered with the alert that is stored under its reference.
    const byRef = new Map(listed.map((alert) => [alert.ref, alert]));
    for (const alert of added) expect(byRef.get(alert.ref)).toEqual(alert);
  });

  it('makes one of two concurrent closes with one request id (a Confirm clicked on both replicas)', async () => {
    const a = new PgAlertRegister(replicaA, now);
    const b = new PgAlertRegister(replicaB, now);
    const { ref } = await a.add(facts);
    const close = {
      ref,
      action: 'close' as const,
      classification: 'true_positive' as const,
      by: 'Ben',
      requestId: 'confirm-1',
    };
    const outcomes = await Promise.all([a.change(close), b.change(close)]);
    expect(outcomes.map((outcome) => outcome.made).sort()).toEqual([false, true]);
    expect(outcomes[0]!.lifecycle).toEqual(outcomes[1]!.lifecycle);
    expect(await replicaA.query('SELECT 1 FROM alert_changes')).toHaveLength(1);
  });

  it('decides two different concurrent closes on one old status only once: the other is refused', async () => {
    const a = new PgAlertRegister(replicaA, now);
    const b = new PgAlertRegister(replicaB, now);
    const { ref } = await a.add(facts);
    const settled = await Promise.allSettled([
      a.change({ ref, action: 'close', classification: 'true_positive', by: 'Ana', requestId: 'ana' }),
      b.change({ ref, action: 'close', classification: 'false_positive', by: 'Ben', requestId: 'ben' }),
    ]);
    const made = settled.filter((outcome) => outcome.status === 'fulfilled');
    const refused = settled.filter((outcome) => outcome.status === 'rejected');
    expect(made).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(isSocbotError(refused[0]!.reason, 'INPUT_INVALID')).toBe(true);
    expect((refused[0]!.reason as Error).message).toContain(`${ref} is closed`);
    const changes = await replicaB.query<{ change: { from: string } }>('SELECT change FROM alert_changes');
    expect(changes.map((row) => row.change.from)).toEqual(['registered']);
  });

  it('chains 20 concurrent changes on two replicas: each decided on the status the one before it left', async () => {
    const a = new PgAlertRegister(replicaA, now);
    const b = new PgAlertRegister(replicaB, now);
    const { ref } = await a.add(facts);
    await Promise.all(
      Array.from({ length: 20 }, (_, at) => {
        const register = at % 2 === 0 ? a : b;
        if (at === 7) return register.change({ ref, action: 'contain', by: 'Ana', requestId: `c${at}` });
        return at % 3 === 0
          ? register.change({ ref, action: 'note', note: `note ${at}`, by: 'Ana', requestId: `c${at}` })
          : register.change({
              ref,
              action: 'lead',
              lead: `l${at}`,
              leadName: `L${at}`,
              by: 'Ana',
              requestId: `c${at}`,
            });
      }),
    );
    const rows = await replicaB.query<{ change: { from: string; to: string } }>(
      'SELECT change FROM alert_changes ORDER BY id',
    );
    expect(rows).toHaveLength(20);
    let status = 'registered';
    for (const { change } of rows) {
      expect(change.from).toBe(status);
      status = change.to;
    }
    expect(status).toBe('contained');
    const view = await b.view(ref);
    expect(view?.status).toBe('contained');
    expect(view?.notes.map((note) => note.text).sort()).toEqual(
      ['note 0', 'note 12', 'note 15', 'note 18', 'note 3', 'note 6', 'note 9'].sort(),
    );
  });

  it('makes changes one at a time across replicas, so a reader following the change ids never passes one over', async () => {
    const a = new PgAlertRegister(replicaA, now);
    const b = new PgAlertRegister(replicaB, now);
    const alert = await a.add({ ...facts, requestId: 'turn-1' });
    const other = await a.add({ ...facts, alertId: '4712', requestId: 'turn-2' });
    const start = await b.readOn();
    // Replica B is in the middle of a change of another alert: under the changes' lock, its row
    // inserted (a lower id), not yet committed, as PgAlertRegister does it.
    let commitB = (): void => undefined;
    const changeB = replicaB.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('socbot alert changes', 0))");
      const change = {
        change: other.ref,
        action: 'note',
        note: 'n',
        from: 'registered',
        to: 'registered',
        by: 'Ben',
        at: now().toISOString(),
        requestId: 'r-b',
      };
      await tx.query('INSERT INTO alert_changes (ref, request_id, change) VALUES ($1, $2, $3::jsonb)', [
        other.ref,
        'r-b',
        JSON.stringify(change),
      ]);
      await new Promise<void>((resolve) => (commitB = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Replica A's change (a higher id) must not commit first: a reader would take its id and pass
    // B's over for good.
    const changeA = a.change({ ref: alert.ref, action: 'contain', by: 'Ana', requestId: 'r-a' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await b.readOn(start.cursor);
    expect(during.changes).toEqual([]);
    commitB();
    await Promise.all([changeB, changeA]);
    const after = await b.readOn(during.cursor);
    expect(after.changes.map((made) => made.requestId)).toEqual(['r-b', 'r-a']);
  });

  it('numbers on after a reference the database holds, whoever wrote it', async () => {
    const a = new PgAlertRegister(replicaA, now);
    const imported = new PgAlertRegister(replicaB, now);
    await imported.importContents({
      records: [
        { ...facts, ref: 'SOC-2026-0041', status: 'registered', createdAt: '2026-02-01T00:00:00.000Z' },
      ],
      changes: [],
      reserved: ['SOC-2026-0050'],
    });
    expect((await a.add(facts)).ref).toBe('SOC-2026-0051');
  });
});

describe('importAlertsFromFiles', () => {
  let testDb: TestDatabase;
  let db: Database;
  let dir: string;
  let fileRegister: AlertRegister;
  let clock: Date;
  const now = (): Date => clock;
  beforeEach(async () => {
    testDb = await createTestDatabase();
    db = new Database(testDb.settings);
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-alert-import-'));
    fileRegister = new AlertRegister(dir, now);
    clock = new Date('2025-12-31T23:00:00Z');
  });
  afterEach(async () => {
    await fileRegister.close();
    await db.close();
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('copies alerts with their references and change lines once, numbers on above them, and a second run writes nothing', async () => {
    const old = await fileRegister.add({ ...facts, requestId: 'siem:old' });
    clock = new Date('2026-03-01T10:00:00Z');
    const first = await fileRegister.add({ ...facts, alertId: '4712', requestId: 'turn-1' });
    await fileRegister.add(facts);
    await fileRegister.change({
      ref: first.ref,
      action: 'lead',
      lead: 'ben@soc',
      leadName: 'Ben',
      by: 'Ben',
      requestId: 'c1',
    });
    await fileRegister.change({
      ref: first.ref,
      action: 'note',
      note: 'checked',
      by: 'Ben',
      requestId: 'c2',
    });
    await fileRegister.change({
      ref: first.ref,
      action: 'close',
      classification: 'false_positive',
      by: 'Ben',
      requestId: 'c3',
    });
    await fileRegister.change({ ref: old.ref, action: 'contain', by: 'Ana', requestId: 'c4' });
    // A reference a crash reserved is never handed out again.
    await fileRegister.close();
    await appendFile(
      path.join(dir, ALERTS_FILE_NAME),
      `${JSON.stringify({ reserved: 'SOC-2026-0007', reason: 'lost in a crash' })}\n`,
    );

    const pg = new PgAlertRegister(db, now);
    expect(await importAlertsFromFiles(fileRegister, pg)).toEqual({
      alerts: 3,
      changes: 4,
      skippedChanges: [],
    });
    expect(await pg.views()).toEqual(await fileRegister.views());
    expect(await pg.list()).toEqual(await fileRegister.list());
    expect(await importAlertsFromFiles(fileRegister, pg)).toEqual({
      alerts: 0,
      changes: 0,
      skippedChanges: [],
    });
    expect(await pg.views()).toEqual(await fileRegister.views());

    // Idempotency carries over: the SIEM's retry and the replayed Confirm find what the files knew.
    expect((await pg.add({ ...facts, requestId: 'siem:old' })).ref).toBe('SOC-2025-0001');
    expect(
      await pg.change({
        ref: first.ref,
        action: 'close',
        classification: 'false_positive',
        by: 'Ben',
        requestId: 'c3',
      }),
    ).toMatchObject({ made: false });
    expect((await pg.add(facts)).ref).toBe('SOC-2026-0008');
  });

  it('keeps references the witnesses name (outbox, audit trail, Basis) from being handed out in the database', async () => {
    clock = new Date('2026-03-01T10:00:00Z');
    await fileRegister.add(facts);
    await fileRegister.open(async () => ({
      highest: new Map([[2026, 12]]),
      registered: new Map(),
      rebuild: () => undefined,
    }));
    const pg = new PgAlertRegister(db, now);
    await importAlertsFromFiles(fileRegister, pg);
    expect((await pg.add(facts)).ref).toBe('SOC-2026-0013');
  });

  it('stops with STORAGE_CONFLICT, importing nothing, when the database holds another alert under a reference', async () => {
    clock = new Date('2026-03-01T10:00:00Z');
    await fileRegister.add({ ...facts, alertId: 'from-files' });
    await fileRegister.add({ ...facts, alertId: 'from-files-too' });
    const pg = new PgAlertRegister(db, () => new Date('2026-03-02T10:00:00Z'));
    await pg.add({ ...facts, alertId: 'registered-in-pg' });
    const error = await importAlertsFromFiles(fileRegister, pg).catch((caught: unknown) => caught);
    expect(isSocbotError(error, 'STORAGE_CONFLICT')).toBe(true);
    expect((error as Error).message).toContain('SOC-2026-0001');
    expect((await pg.list()).map((alert) => alert.alertId)).toEqual(['registered-in-pg']);
  });
});
