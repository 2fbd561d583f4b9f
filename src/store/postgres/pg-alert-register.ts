import { sqlStateOf, type Database, type Queryable } from '../../db/database';
import { SocbotError } from '../../errors';
import {
  applyChange,
  planChange,
  type AlertChange,
  type AlertChangeRequest,
  type AlertLifecycle,
} from '../alert-change';
import { AlertIndex } from '../alert-index';
import { parseRef } from '../alert-record';
import type {
  AlertChangeOutcome,
  AlertRecord,
  AlertRegisterContents,
  AlertView,
  NewAlert,
} from '../alert-register';
import type { AlertStore, RegisterCursor, RegisterReading } from '../alert-store';
import { copyLifecycle, viewOf } from '../alert-view';
import { asStorableJson, jsonParam } from '../../db/json-param';
import { positionIn } from '../register-cursor';

/** What {@link PgAlertRegister.importContents} wrote (alerts and changes already there are not counted). */
export interface AlertImportOutcome {
  alerts: number;
  changes: number;
  /**
   * Request ids of change lines whose alert the register does not hold (its line lost in a crash
   * and only reserved): no view ever showed them, and the database cannot hold a change without
   * its alert, so they are not copied. Empty as a rule.
   */
  skippedChanges: string[];
}

/** Rows per INSERT of an import: one round trip per thousand alerts, parameters well below the limit. */
const IMPORT_BATCH = 1000;

/**
 * The alert register in PostgreSQL (migrations/0200_alert_register.sql), shared by every replica:
 * the same references, idempotency and lifecycle as `alerts.jsonl` (AlertRegister), decided by the
 * database instead of one process.
 *
 * - An add is ONE statement (ADD_ALERT: a round trip costs socbot and PostgreSQL CPU per turn): it
 *   bumps its year's counter row and inserts the alert under that reference `SOC-<year>-<sequence>`.
 *   A statement is atomic, so references are gapless like the file's and never handed out twice,
 *   also across replicas (the counter's row lock orders a year's adds).
 * - `request_id` (the form's request id, the SIEM's idempotency key) is UNIQUE: a retry, on this or
 *   another replica, even at the same moment, fails that statement (counter untouched) and reads the
 *   first one's alert instead of registering a second: two statements, for the rare retry.
 * - A change locks its alert's row (`SELECT … FOR UPDATE`), folds its change rows, checks the
 *   transition and inserts the change in one transaction: two replicas never decide on the same old
 *   status. A change's `request_id` is UNIQUE: a Confirm replayed on any replica is made once.
 * - Changes are made one at a time across the register (CHANGES_IN_ORDER, a transaction lock taken
 *   before the alert's row): their ids are then in commit order, so a reader that follows the
 *   register (`readOn`: ids above the last it read) never passes over a change committed late. Adds
 *   are in commit order per year already (the counter's row lock). Changes are made at a person's
 *   pace: the lock costs nothing a turn would notice.
 * - Views fold the change rows with AlertIndex, the file register's fold; one statement reads an
 *   alert with its changes, so a view is one snapshot.
 * - Nothing to repair at start: a transaction that did not commit left nothing behind.
 *
 * @example
 *   const alerts = new PgAlertRegister(backend.db);
 *   const alert = await alerts.add({ alertId: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD',
 *     priority: 'P2', createdBy: 'siem', conversationId: '', requestId: 'siem:evt-1' });
 *   alert.ref; // 'SOC-2026-0001' (on whichever replica asks first; a retry elsewhere gets the same)
 */
export class PgAlertRegister implements AlertStore {
  /** Adds and changes under way, for {@link flush}. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  add(alert: NewAlert): Promise<AlertRecord> {
    return this.tracked(this.register(alert));
  }

  change(request: AlertChangeRequest): Promise<AlertChangeOutcome> {
    return this.tracked(this.changeOnce(request));
  }

  async views(): Promise<AlertView[]> {
    return viewsOf(await this.db.query<AlertRow>(`${SELECT_WITH_CHANGES} ORDER BY a.year, a.sequence`));
  }

  async viewsWithAlertId(alertId: string): Promise<AlertView[]> {
    return viewsOf(
      await this.db.query<AlertRow>(
        `${SELECT_WITH_CHANGES} WHERE a.alert_key = $1 ORDER BY a.year, a.sequence`,
        [alertId.trim().toUpperCase()],
      ),
    );
  }

  async view(refOrAlertId: string): Promise<AlertView | undefined> {
    const rows = await this.db.query<AlertRow>(
      `${SELECT_WITH_CHANGES} WHERE ${REF_OR_LATEST_WITH_ALERT_ID}`,
      [refOrAlertId.trim().toUpperCase()],
    );
    return viewsOf(rows)[0];
  }

  async list(): Promise<AlertRecord[]> {
    const rows = await this.db.query<RecordRow>('SELECT record FROM alerts ORDER BY year, sequence');
    return rows.map((row) => row.record);
  }

  async changes(): Promise<AlertChange[]> {
    const rows = await this.db.query<{ change: AlertChange }>('SELECT change FROM alert_changes ORDER BY id');
    return rows.map((row) => row.change);
  }

  /**
   * The changes with ids above the cursor's, then the alerts above each year's sequence in it: in
   * that order, so no change is read before its alert (which committed before it). An alert that
   * `socbot migrate-data` imports into a live database below a year's sequence already read is not
   * seen by a reader until it starts over (a restart): import before the replicas serve.
   */
  async readOn(cursor?: RegisterCursor): Promise<RegisterReading> {
    const from = positionIn(cursor, isRegisterPosition);
    const start = from ?? { change: 0, years: [] };
    const changes = await this.db.query<{ id: string; change: AlertChange }>(
      'SELECT id, change FROM alert_changes WHERE id > $1 ORDER BY id',
      [start.change],
    );
    // From the years' counters (every alert's year has one, raised in the same transaction): only
    // years that moved on are looked into, by the (year, sequence) index.
    const records = await this.db.query<RecordRow & { year: number; sequence: number }>(
      `SELECT a.record, a.year, a.sequence
         FROM alert_ref_counters c
         LEFT JOIN unnest($1::int[], $2::int[]) AS seen (year, last) ON seen.year = c.year
        CROSS JOIN LATERAL (
              SELECT record, year, sequence FROM alerts
               WHERE alerts.year = c.year AND alerts.sequence > COALESCE(seen.last, 0)) a
        WHERE c.last_sequence > COALESCE(seen.last, 0)
        ORDER BY a.year, a.sequence`,
      [start.years.map(([year]) => year), start.years.map(([, last]) => last)],
    );
    const years = new Map(start.years);
    for (const row of records) years.set(row.year, Math.max(years.get(row.year) ?? 0, row.sequence));
    const next: RegisterPosition = {
      change: changes.reduce((last, row) => Math.max(last, Number(row.id)), start.change),
      years: [...years.entries()],
    };
    return {
      records: records.map((row) => row.record),
      changes: changes.map((row) => row.change),
      cursor: JSON.stringify(next),
      fromStart: from === undefined,
    };
  }

  async withAlertId(alertId: string): Promise<AlertRecord[]> {
    const rows = await this.db.query<RecordRow>(
      'SELECT record FROM alerts WHERE alert_key = $1 ORDER BY year, sequence',
      [alertId.trim().toUpperCase()],
    );
    return rows.map((row) => row.record);
  }

  async hasRequest(requestId: string): Promise<boolean> {
    return (await this.recordWithRequest(this.db, requestId)) !== undefined;
  }

  async find(refOrAlertId: string): Promise<AlertRecord | undefined> {
    // Case-insensitive, as in the file register: a SIEM's ID may be lower-case, a form's upper-case.
    const rows = await this.db.query<RecordRow>(
      `SELECT a.record FROM alerts a WHERE ${REF_OR_LATEST_WITH_ALERT_ID}`,
      [refOrAlertId.trim().toUpperCase()],
    );
    return rows[0]?.record;
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** Waits for what is under way; the pool is the backend's, closed by whoever opened it. */
  close(): Promise<void> {
    return this.flush();
  }

  /**
   * Copies a file register's contents in (`socbot migrate-data`), in one transaction: alerts keep
   * their references, changes their order, and the counters go above every reference named (reserved
   * ones too). Running it again writes nothing new. An alert the database holds under the same
   * reference or request id that is not the same alert is STORAGE_CONFLICT, and nothing is written.
   */
  importContents(contents: AlertRegisterContents): Promise<AlertImportOutcome> {
    return this.tracked(
      this.db.transaction(async (tx) => {
        // First, as every writer of change rows: an import holds the replicas' changes until it commits.
        await tx.query(CHANGES_IN_ORDER);
        let alerts = 0;
        for (let at = 0; at < contents.records.length; at += IMPORT_BATCH) {
          alerts += await importRecords(tx, contents.records.slice(at, at + IMPORT_BATCH));
        }
        const held = new Set(contents.records.map((record) => record.ref));
        const copied = contents.changes.filter((change) => held.has(change.change));
        const skippedChanges = contents.changes
          .filter((change) => !held.has(change.change))
          .map((change) => change.requestId);
        let changes = 0;
        for (let at = 0; at < copied.length; at += IMPORT_BATCH) {
          changes += await importChanges(tx, copied.slice(at, at + IMPORT_BATCH));
        }
        await raiseCounters(tx, [...held, ...contents.reserved]);
        return { alerts, changes, skippedChanges };
      }),
    );
  }

  private async register(alert: NewAlert): Promise<AlertRecord> {
    const { requestId } = alert;
    const createdAt = this.now();
    const year = createdAt.getUTCFullYear();
    // The reference is merged in by the statement (ADD_ALERT): its sequence is known only there.
    const unnumbered: Omit<AlertRecord, 'ref'> = {
      ...alert,
      status: 'registered',
      createdAt: createdAt.toISOString(),
    };
    try {
      const [row] = await this.db.query<RecordRow>(ADD_ALERT, [
        year,
        alertKey(alert),
        requestId ?? null,
        jsonParam(unnumbered),
      ]);
      return row!.record;
    } catch (error) {
      // A retry: the whole statement failed, counter increment included; the first add's alert is the answer.
      if (requestId === undefined || !isDuplicateRequest(error)) throw error;
    }
    const owner = await this.recordWithRequest(this.db, requestId);
    if (!owner) throw registeredAndGone(requestId);
    return owner;
  }

  private async changeOnce(request: AlertChangeRequest): Promise<AlertChangeOutcome> {
    // Twice at most: the second time, a change made meanwhile under the same request id is found.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.changeIn(tx, request));
      } catch (error) {
        if (!(error instanceof RegisteredMeanwhile) || attempt >= 2) throw error;
      }
    }
  }

  private async changeIn(tx: Queryable, request: AlertChangeRequest): Promise<AlertChangeOutcome> {
    const ref = request.ref.trim().toUpperCase();
    const done = await madeChange(tx, request.requestId);
    if (done) return this.madeBefore(tx, done);
    await tx.query(CHANGES_IN_ORDER);
    // The alert's row lock: changes of one alert are decided one at a time, across replicas.
    const locked = await tx.query('SELECT ref FROM alerts WHERE ref = $1 FOR UPDATE', [ref]);
    if (locked.length === 0) {
      throw new SocbotError(
        'INPUT_INVALID',
        `There is no alert ${ref} in the alert register (PostgreSQL). \`socbot alerts\` lists the registered alerts.`,
        { ref },
      );
    }
    // Whoever held the lock before may have made this very change (a Confirm clicked on two replicas).
    const madeWhileWaiting = await madeChange(tx, request.requestId);
    if (madeWhileWaiting) return this.madeBefore(tx, madeWhileWaiting);
    const lifecycle = await lifecycleIn(tx, ref);
    // As jsonb stores it (U+FFFD for NUL and lone surrogates): the outcome tells what was stored.
    const change = asStorableJson(planChange({ ...request, ref }, lifecycle, this.now()));
    const inserted = await tx.query(
      `INSERT INTO alert_changes (ref, request_id, change) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (request_id) DO NOTHING RETURNING id`,
      [ref, change.requestId, jsonParam(change)],
    );
    // The same request id made on another alert at this moment: rolled back, then found.
    if (inserted.length === 0) throw new RegisteredMeanwhile();
    return { ref, made: true, change, lifecycle: copyLifecycle(applyChange(lifecycle, change)) };
  }

  private async madeBefore(tx: Queryable, done: AlertChange): Promise<AlertChangeOutcome> {
    return { ref: done.change, made: false, change: done, lifecycle: await lifecycleIn(tx, done.change) };
  }

  private async recordWithRequest(db: Queryable, requestId: string): Promise<AlertRecord | undefined> {
    const [row] = await db.query<RecordRow>('SELECT record FROM alerts WHERE request_id = $1', [requestId]);
    return row?.record;
  }

  private tracked<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const settle = (): void => {
      this.pending.delete(work);
    };
    work.then(settle, settle);
    return work;
  }
}

/**
 * One add in one statement: takes the year's next sequence from its counter row ($1) and inserts the
 * alert ($2 alert key, $3 request id, $4 the record without its ref) under the reference formatted
 * as formatRef does (four digits, more from 10000 on: lpad alone would cut them). No ON CONFLICT: a
 * request id already there fails the whole statement (23505), so the counter is not moved either
 * and references stay gapless. The counter's row lock orders the adds of a year across replicas.
 */
const ADD_ALERT = `WITH counter AS (
    INSERT INTO alert_ref_counters (year, last_sequence) VALUES ($1, 1)
    ON CONFLICT (year) DO UPDATE SET last_sequence = alert_ref_counters.last_sequence + 1
    RETURNING last_sequence AS sequence
  ), numbered AS (
    SELECT sequence,
           'SOC-' || $1::int::text || '-' || lpad(sequence::text, GREATEST(4, length(sequence::text)), '0') AS ref
      FROM counter
  )
  INSERT INTO alerts (ref, year, sequence, alert_key, request_id, record)
  SELECT ref, $1::int, sequence, $2::text, $3::text, $4::jsonb || jsonb_build_object('ref', ref)
    FROM numbered
  RETURNING record`;

/** The UNIQUE (request_id) of `alerts` as PostgreSQL names it (migrations/0200_alert_register.sql). */
const REQUEST_ID_CONSTRAINT = 'alerts_request_id_key';

/** A unique violation on the request id, not on another unique column (a reference, say). */
function isDuplicateRequest(error: unknown): boolean {
  return (
    sqlStateOf(error) === '23505' && (error as { constraint?: unknown }).constraint === REQUEST_ID_CONSTRAINT
  );
}

/** An alert with its change lines in id order, in one statement (one snapshot). */
const SELECT_WITH_CHANGES = `SELECT a.record,
  COALESCE((SELECT jsonb_agg(c.change ORDER BY c.id) FROM alert_changes c WHERE c.ref = a.ref), '[]'::jsonb) AS changes
  FROM alerts a`;

/** `$1` (upper case) as a reference, or failing that the latest alert with `$1` as its alert ID. */
const REF_OR_LATEST_WITH_ALERT_ID = `(a.ref = $1 OR a.alert_key = $1)
  ORDER BY a.ref = $1 DESC, a.year DESC, a.sequence DESC LIMIT 1`;

interface RecordRow {
  record: AlertRecord;
}

interface AlertRow extends RecordRow {
  changes: AlertChange[];
}

/** Thrown inside a transaction to roll it back: another transaction wrote the same request id first. */
class RegisteredMeanwhile extends Error {}

/** The rows as views, folded by the file register's own index (one fold for both stores). */
function viewsOf(rows: readonly AlertRow[]): AlertView[] {
  const index = new AlertIndex();
  for (const row of rows) {
    index.add(row.record);
    for (const change of row.changes) index.change(change);
  }
  return index.all().map((record) => viewOf(record, index.lifecycle(record.ref)));
}

async function lifecycleIn(tx: Queryable, ref: string): Promise<AlertLifecycle> {
  const rows = await tx.query<{ change: AlertChange }>(
    'SELECT change FROM alert_changes WHERE ref = $1 ORDER BY id',
    [ref],
  );
  const index = new AlertIndex();
  for (const row of rows) index.change(row.change);
  return copyLifecycle(index.lifecycle(ref));
}

async function madeChange(tx: Queryable, requestId: string): Promise<AlertChange | undefined> {
  const [row] = await tx.query<{ change: AlertChange }>(
    'SELECT change FROM alert_changes WHERE request_id = $1',
    [requestId],
  );
  return row?.change;
}

function alertKey(alert: Pick<NewAlert, 'alertId'>): string {
  return alert.alertId.toUpperCase();
}

/** Inserts what is new of `records`; an alert already there must be the same one. Returns how many were new. */
async function importRecords(tx: Queryable, records: readonly AlertRecord[]): Promise<number> {
  const inserted = await tx.query<{ ref: string }>(
    `INSERT INTO alerts (ref, year, sequence, alert_key, request_id, record)
     SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::jsonb[])
     ON CONFLICT DO NOTHING
     RETURNING ref`,
    [
      records.map((record) => record.ref),
      records.map((record) => sequenceOf(record.ref).year),
      records.map((record) => sequenceOf(record.ref).sequence),
      records.map(alertKey),
      records.map((record) => record.requestId ?? null),
      records.map((record) => jsonParam(record)),
    ],
  );
  const fresh = new Set(inserted.map((row) => row.ref));
  const skipped = records.filter((record) => !fresh.has(record.ref));
  if (skipped.length > 0) {
    const there = await tx.query<RecordRow>('SELECT record FROM alerts WHERE ref = ANY($1::text[])', [
      skipped.map((record) => record.ref),
    ]);
    const byRef = new Map(there.map((row) => [row.record.ref, row.record]));
    for (const record of skipped) {
      const held = byRef.get(record.ref);
      if (!held || !sameAlert(held, record)) throw importConflict(record, held);
    }
  }
  return fresh.size;
}

/** Inserts the changes not there yet (by request id), in the order given. Returns how many were new. */
async function importChanges(tx: Queryable, changes: readonly AlertChange[]): Promise<number> {
  const inserted = await tx.query(
    `INSERT INTO alert_changes (ref, request_id, change)
     SELECT ref, request_id, change
       FROM unnest($1::text[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS c (ref, request_id, change, at)
      ORDER BY at
     ON CONFLICT (request_id) DO NOTHING
     RETURNING id`,
    [
      changes.map((change) => change.change),
      changes.map((change) => change.requestId),
      changes.map((change) => jsonParam(change)),
    ],
  );
  return inserted.length;
}

/** Sets each year's counter to at least the highest sequence `refs` name. */
async function raiseCounters(tx: Queryable, refs: readonly string[]): Promise<void> {
  const highest = new Map<number, number>();
  for (const ref of refs) {
    const parsed = parseRef(ref);
    if (parsed) highest.set(parsed.year, Math.max(highest.get(parsed.year) ?? 0, parsed.sequence));
  }
  if (highest.size === 0) return;
  await tx.query(
    `INSERT INTO alert_ref_counters (year, last_sequence)
     SELECT * FROM unnest($1::int[], $2::int[])
     ON CONFLICT (year) DO UPDATE
       SET last_sequence = GREATEST(alert_ref_counters.last_sequence, EXCLUDED.last_sequence)`,
    [[...highest.keys()], [...highest.values()]],
  );
}

function sequenceOf(ref: string): { year: number; sequence: number } {
  const parsed = parseRef(ref);
  if (!parsed) {
    throw new SocbotError(
      'STORAGE_CORRUPT',
      `${ref} is not an alert reference (SOC-<year>-<number>); repair that alert in alerts.jsonl and import again.`,
      { ref },
    );
  }
  return parsed;
}

/** The same registration: an import that runs again finds its own alerts. */
function sameAlert(a: AlertRecord, b: AlertRecord): boolean {
  return (
    a.ref === b.ref && a.alertId === b.alertId && a.createdAt === b.createdAt && a.requestId === b.requestId
  );
}

function importConflict(record: AlertRecord, held: AlertRecord | undefined): SocbotError {
  const clash = held
    ? `the database already holds another alert as ${record.ref} (alert ID ${held.alertId}, registered ${held.createdAt})`
    : `the database already holds another alert for its request id ${record.requestId ?? ''}`;
  return new SocbotError(
    'STORAGE_CONFLICT',
    `Cannot import ${record.ref} from the data directory: ${clash}. Nothing was imported. Import a data ` +
      'directory into an empty database (a new SOCBOT_DATABASE_URL, then `socbot db migrate`), before any replica registers alerts there.',
    { ref: record.ref },
  );
}

/** An alert the database refused as a duplicate request, and then did not have: only a deleted row does that. */
function registeredAndGone(requestId: string): SocbotError {
  return new SocbotError(
    'STORAGE_CONFLICT',
    `The alert of request ${requestId} was registered by another replica and then was not found in the ` +
      'database. Was a row deleted by hand? Register the alert again.',
    { requestId },
  );
}

/**
 * Taken by every transaction that inserts change rows (a change, an import), before anything else
 * it locks: one at a time, so change ids are in commit order (see `readOn`).
 */
const CHANGES_IN_ORDER = "SELECT pg_advisory_xact_lock(hashtextextended('socbot alert changes', 0))";

/** Where `readOn` stopped: the last change id, and per year the last sequence read. */
interface RegisterPosition {
  change: number;
  years: Array<[year: number, last: number]>;
}

/** Whether a cursor's JSON is a position of `readOn`. */
function isRegisterPosition(value: unknown): value is RegisterPosition {
  const position = value as Partial<RegisterPosition> | null;
  const wholeNumber = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;
  return (
    typeof position === 'object' &&
    position !== null &&
    wholeNumber(position.change) &&
    Array.isArray(position.years) &&
    position.years.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every(wholeNumber))
  );
}
