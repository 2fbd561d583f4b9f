import type { AlertChange, AlertChangeRequest } from './alert-change';
import type { AlertChangeOutcome, AlertRecord, AlertView, NewAlert } from './alert-register';

/** Where a reader that follows the register stopped: opaque, given by `readOn`. */
export type RegisterCursor = string;

/** What `readOn` found since a cursor. */
export interface RegisterReading {
  /** Alerts registered since the cursor (oldest first within a reading; one of an older year may come later). */
  records: AlertRecord[];
  /** Changes made since the cursor, in the order `changes()` gives them. */
  changes: AlertChange[];
  /** To ask with next time. */
  cursor: RegisterCursor;
  /**
   * True when this reading is the whole register (no cursor, or one this store cannot go on from:
   * another instance's, or the register was replaced or repaired since): the reader starts over.
   */
  fromStart: boolean;
}

/**
 * The alert register as the app uses it, whatever keeps it: `alerts.jsonl` in the data directory
 * (AlertRegister, the embedded default) or PostgreSQL shared by every replica (PgAlertRegister).
 * Both pass the same contract tests (test/store/contracts/alert-store-contract.ts).
 *
 * - References are `SOC-<year>-<4-digit sequence>`, counting up per year, never handed out twice.
 * - `add` is idempotent by `requestId` (the form's request id, the SIEM's idempotency key): an add
 *   whose request id is registered already returns that alert, unchanged.
 * - `change` decides the transition and writes it in one step, so two changes never decide on the
 *   same old status; a change whose `requestId` was made before is `made: false`.
 * - Reads see every add and change that resolved before them.
 *
 * Crash repair at start (`AlertRegister.open`) is the file register's own and not part of this
 * interface: a PostgreSQL transaction leaves nothing half-written to repair.
 *
 * @example
 *   const alerts = alertStoreOf(backend); // src/store/backend-stores.ts
 *   const alert = await alerts.add({ alertId: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD',
 *     priority: 'P2', createdBy: 'Ana', conversationId: 'c1', requestId: 'turn-7' });
 *   await alerts.change({ ref: alert.ref, action: 'contain', by: 'Ana', requestId: 'turn-8' });
 *   (await alerts.view(alert.ref))?.status; // 'contained'
 */
export interface AlertStore {
  /** Records an alert and returns it with its new reference (or the earlier record of the same `requestId`). */
  add(alert: NewAlert): Promise<AlertRecord>;
  /**
   * Changes an alert's lifecycle (lead, note, contain, close, reopen). INPUT_INVALID for an unknown
   * reference or a change its status does not allow (nothing written).
   */
  change(request: AlertChangeRequest): Promise<AlertChangeOutcome>;
  /** Every registered alert as it stands now, oldest first. */
  views(): Promise<AlertView[]>;
  /** Every alert registered with this alert ID (case-insensitive) as it stands now, oldest first. */
  viewsWithAlertId(alertId: string): Promise<AlertView[]>;
  /** The alert with this reference (or the latest with this alert ID) as it stands now. */
  view(refOrAlertId: string): Promise<AlertView | undefined>;
  /** Every registered alert, oldest first. */
  list(): Promise<AlertRecord[]>;
  /**
   * Every change made, oldest first (one alert's in the order they were made; one per request id):
   * when an alert was first led and last closed, for the next steps and `socbot insights`.
   */
  changes(): Promise<AlertChange[]>;
  /**
   * What was registered and changed since `cursor` (without one: everything), for a reader that
   * follows the register as it grows (the next-step advisor): it costs what is new, not the
   * register's size. On PostgreSQL a change is never read before its alert; a file register's
   * change line whose alert line was lost (a reserved reference) may come without one.
   */
  readOn(cursor?: RegisterCursor): Promise<RegisterReading>;
  /** Every alert registered with this alert ID (case-insensitive), oldest first. */
  withAlertId(alertId: string): Promise<AlertRecord[]>;
  /** True when an alert with this `requestId` is already registered. */
  hasRequest(requestId: string): Promise<boolean>;
  /** The alert with this reference (case-insensitive) or, failing that, the latest with this alert ID. */
  find(refOrAlertId: string): Promise<AlertRecord | undefined>;
  /** Resolves when every add and change called so far is stored (or failed). */
  flush(): Promise<void>;
  /** Waits for what was called so far, then lets go of what it holds (a file; never a shared pool). */
  close(): Promise<void>;
}
