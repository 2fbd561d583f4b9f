import { constants, existsSync, fstatSync, statSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SocbotError } from '../errors';
import { planChange, type AlertChange, type AlertChangeRequest, type AlertLifecycle } from './alert-change';
import { AlertIndex, type IndexPosition } from './alert-index';
import {
  alertLogLine,
  corruptLine,
  readAlertLogLine,
  type AlertLogLine,
  type AlertReservation,
} from './alert-log-line';
import { compareRefs, formatRef, parseRef } from './alert-record';
import { positionIn } from './register-cursor';
import type { AlertStore, RegisterCursor, RegisterReading } from './alert-store';
import { copyLifecycle, viewOf } from './alert-view';
import type { AlertRefWitnesses } from './alert-ref-witnesses';
import { syncDirectory } from './durable-write';
import { GroupCommit } from './group-commit';
import { LEGACY_ALERTS_FILE_NAME, importLegacyAlertsFile } from './legacy-alerts-file';
import {
  LEGACY_ALERTS_DIR_NAME,
  readLegacyAlertsFolder,
  retireLegacyAlertsFolder,
} from './legacy-alerts-folder';
import { moveTornTailAside, planRegisterRepair, type RegisterRepair } from './register-repair';

/** Alert priorities, `P1` most urgent. */
export type AlertPriority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';

/** What an analyst registers. */
export interface NewAlert {
  /** The alert's ID in the detecting system (e.g. SAP ETD). */
  alertId: string;
  terminal: string;
  username: string;
  /** SAP system ID (SID), e.g. `PRD`. */
  system: string;
  client?: string;
  priority: string;
  /** Who registered it (the analyst's name or channel id). */
  createdBy: string;
  /** The conversation it was registered in, to answer there later. */
  conversationId: string;
  /**
   * Idempotency key: adding an alert with a `requestId` already in the register returns the
   * existing record instead of a second one (a Confirm button clicked twice).
   */
  requestId?: string;
  /** The SIEM's one-line name of the alert (alerts from `POST /api/alerts`). */
  title?: string;
  /** The SIEM's free text. */
  description?: string;
  /** The IP address the SIEM named. */
  ip?: string;
  /** The priority asked for, when configuration raised it (SOCBOT_CRITICAL_SYSTEMS, SOCBOT_VIP_USERS). */
  priorityRaisedFrom?: string;
  /** Why it was raised, in words ("PRD is a business-critical system"). */
  priorityRaisedBecause?: string;
}

/** A registered alert. */
export interface AlertRecord extends NewAlert {
  /** socbot's own reference, `SOC-<year>-<4-digit sequence>`, e.g. `SOC-2026-0001`. */
  ref: string;
  status: 'registered';
  /** ISO 8601 time of registration. */
  createdAt: string;
}

/** A registered alert as it stands now: its record with its change lines folded in. */
export type AlertView = Omit<AlertRecord, 'status'> & AlertLifecycle;

/** What {@link AlertRegister.change} did: `made` false for a request id made before (nothing written). */
export interface AlertChangeOutcome {
  /** The reference changed, as written (upper case). */
  ref: string;
  made: boolean;
  /** The line written (by this call, or by the earlier one with the same request id). */
  change: AlertChange;
  lifecycle: AlertLifecycle;
}

/** The alert register's file in the data directory: one line per alert. */
export const ALERTS_FILE_NAME = 'alerts.jsonl';

/** How often an add tries the next reference when another process keeps taking it first. */
const MAX_ADD_ATTEMPTS = 20;

/**
 * Read, append, create, and return from each write only once its data is on disk (like fdatasync
 * after it, in one trip to the thread pool): an alert an analyst was given a reference for survives
 * a power loss. The audit trail is written the same way.
 */
const APPEND_DURABLY = constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;

/** Read at most this much of the file at once (a line is a few hundred bytes). */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The local alert register: every alert the bot registered, one JSON line each in
 * `<dataDir>/alerts.jsonl`, with a reference that is unique per data directory and counts up per year.
 *
 * - Appends only, durably: the file is open with O_DSYNC, so an add resolves once its line is on
 *   disk. Registering an alert appends a line of a few hundred bytes, whatever the size of the
 *   register; the adds that arrive while one write runs go into the next write together (one sync
 *   per batch: group commit, as in the audit trail). A file
 *   per alert (the layout before this one) cost a file creation per alert, which on the machines
 *   measured here was 0.15–0.65 ms of kernel time and made every confirmation wait for five file
 *   operations in turn.
 * - Unique references across processes (the app keeps a data directory to one process with
 *   `socbot.lock`; the register stays correct if a second one adds alerts all the same): lines are
 *   appended with O_APPEND, so the file's order is the order of registration, and the first line with
 *   a reference owns it. After each write the register checks that the file grew by exactly its own
 *   lines; if another process wrote meanwhile, it reads what was written and any alert of its own that
 *   lost its reference is written again with the next one. Needs a local file system (O_APPEND is not
 *   atomic over NFS).
 * - All alerts are kept in memory (they never change once registered). Before each read or add, one
 *   `fstat` tells whether the file grew, and only the new lines are read.
 * - A line socbot cannot read fails with STORAGE_CORRUPT naming the line; the file is never rewritten.
 *   A cut-off last line (a crash mid-write) is not read; {@link open} moves it to `alerts.jsonl.torn`
 *   at start and rebuilds a lost alert from the outbox and the audit trail (register-repair.ts).
 * - In a batch, each add succeeds or fails on its own: an add whose line is written is never
 *   reported as failed because another add of the same write could not be placed.
 * - An `alerts/` folder (a file per alert) and an `alerts.json` (all in one file) of earlier versions
 *   are imported on first use, keeping their references, and renamed.
 * - Reads and adds run in order, so a read sees every add called before it.
 *
 * @example
 *   const register = new AlertRegister('./data');
 *   const alert = await register.add({ alertId: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD',
 *     priority: 'P2', createdBy: 'Ana', conversationId: 'c1' });
 *   alert.ref; // 'SOC-2026-0001', a line in ./data/alerts.jsonl
 *   (await register.find('soc-2026-0001'))?.alertId; // '4711'
 */
export class AlertRegister implements AlertStore {
  readonly file: string;
  private readonly commits = new GroupCommit<NewAlert, AddOutcome>((alerts) => this.register(alerts));
  private index = new AlertIndex({ journal: true });
  private log: OpenLog | undefined;
  /** Per year, the highest sequence the other records of the data directory name (see {@link open}). */
  private witnessedHighest: ReadonlyMap<number, number> = new Map();

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = path.join(dataDir, ALERTS_FILE_NAME);
  }

  /**
   * Opens the register at start, before anything else of the data directory runs, and repairs what
   * a crash or power loss left:
   *
   * - A cut-off last line is moved to `alerts.jsonl.torn` (nothing in the file is thrown away) and
   *   cut from the register; a reference it had got to is reserved, never handed out again.
   * - An alert the witnesses (outbox, audit trail) say was registered but the register has no line
   *   for is written again from what they know; when they know too little, the open fails with
   *   STORAGE_CORRUPT naming the references and the exact remedy.
   * - From now on the next reference is above every reference any witness names.
   * - A line in the middle that is not an alert fails with STORAGE_CORRUPT naming the line.
   */
  open(witnesses: AlertRefWitnesses): Promise<RegisterRepair> {
    return this.commits.exclusive(async () => {
      let log =
        existsSync(this.file) || this.hasLegacyData() ? await this.opened({ forWriting: true }) : undefined;
      const witnessed = await witnesses();
      const tornTail =
        log && log.size > log.consumed
          ? await moveTornTailAside(log.handle, this.file, log.consumed, log.size)
          : undefined;
      if (log) log.size = log.consumed;
      const { rebuilt, reservations } = planRegisterRepair(this.file, this.index, witnessed, tornTail);
      if (rebuilt.length > 0 || reservations.length > 0) {
        log ??= await this.opened({ forWriting: true });
        for (const record of rebuilt) this.index.add(record);
        for (const reservation of reservations) this.index.reserve(reservation.reserved);
        await this.append(log, [...reservations, ...rebuilt]);
      }
      this.witnessedHighest = witnessed.highest;
      return {
        ...(tornTail !== undefined ? { tornTail } : {}),
        rebuilt: rebuilt.map((record) => record.ref),
        reserved: reservations.map((reservation) => reservation.reserved),
      };
    });
  }

  /** Records an alert and returns it with its new reference (or the earlier record of the same `requestId`). */
  async add(alert: NewAlert): Promise<AlertRecord> {
    const outcome = await this.commits.add(alert);
    if ('error' in outcome) throw outcome.error;
    return outcome.record;
  }

  /**
   * Changes an alert's lifecycle (take the lead, note, contain, close, reopen) with one durable line,
   * and returns where the alert stands then. A change whose `requestId` was made before is not made
   * again (`made: false`, the alert's current lifecycle). An unknown reference or a change its status
   * does not allow fails with INPUT_INVALID saying what is possible.
   */
  change(request: AlertChangeRequest): Promise<AlertChangeOutcome> {
    return this.commits.exclusive(async () => {
      const log = await this.opened({ forWriting: true });
      await this.catchUp(log);
      const ref = request.ref.trim().toUpperCase();
      const done = this.index.changeOf(request.requestId);
      if (done !== undefined) {
        const lifecycle = copyLifecycle(this.index.lifecycle(done.change));
        return { ref: done.change, made: false, change: { ...done }, lifecycle };
      }
      if (!this.index.has(ref)) {
        throw new SocbotError(
          'INPUT_INVALID',
          `There is no alert ${ref} in ${this.file}. \`socbot alerts\` lists the registered alerts.`,
          { ref },
        );
      }
      const change: AlertChange = planChange({ ...request, ref }, this.index.lifecycle(ref), this.now());
      await this.append(log, [change]);
      this.index.change(change);
      return { ref, made: true, change, lifecycle: copyLifecycle(this.index.lifecycle(ref)) };
    });
  }

  /** Every registered alert as it stands now, oldest first. */
  views(): Promise<AlertView[]> {
    return this.read(() =>
      this.index.all().map((record) => viewOf(record, this.index.lifecycle(record.ref))),
    );
  }

  /** Every alert registered with this alert ID (case-insensitive) as it stands now, oldest first. */
  viewsWithAlertId(alertId: string): Promise<AlertView[]> {
    const wanted = alertId.trim().toUpperCase();
    return this.read(() =>
      this.index.withAlertId(wanted).map((record) => viewOf(record, this.index.lifecycle(record.ref))),
    );
  }

  /** The alert with this reference (or the latest with this alert ID) as it stands now. */
  async view(refOrAlertId: string): Promise<AlertView | undefined> {
    const record = await this.find(refOrAlertId);
    return record && this.read(() => viewOf(record, this.index.lifecycle(record.ref)));
  }

  /** Every registered alert, oldest first. */
  list(): Promise<AlertRecord[]> {
    return this.read(() => this.index.all().map(copy));
  }

  /** Every change made, in the file's order (see {@link AlertStore.changes}). */
  changes(): Promise<AlertChange[]> {
    return this.read(() => this.index.changes().map((change) => ({ ...change })));
  }

  /**
   * What came into the index since `cursor` (its arrivals: this process's adds and changes and the
   * lines other processes appended); from the start when the cursor is not this index's, or a
   * record was taken out since (see {@link AlertIndex.since}).
   */
  readOn(cursor?: RegisterCursor): Promise<RegisterReading> {
    return this.read(() => {
      const { position, arrived, fromStart } = this.index.since(positionIn(cursor, isIndexPosition));
      return {
        records: arrived.records.map(copy),
        changes: arrived.changes.map((change) => ({ ...change })),
        cursor: JSON.stringify(position),
        fromStart,
      };
    });
  }

  /** Every alert registered with this alert ID (case-insensitive), oldest first. */
  withAlertId(alertId: string): Promise<AlertRecord[]> {
    const wanted = alertId.trim().toUpperCase();
    return this.read(() => this.index.withAlertId(wanted).map(copy));
  }

  /** True when an alert with this `requestId` is already registered. */
  hasRequest(requestId: string): Promise<boolean> {
    return this.read(() => this.index.withRequest(requestId) !== undefined);
  }

  /** The alert with this reference (case-insensitive) or, failing that, the latest with this alert ID. */
  find(refOrAlertId: string): Promise<AlertRecord | undefined> {
    // Case-insensitive: a SIEM's ID may be lower-case (a GUID, alert_9) while a form or a chat
    // message hands it over upper-cased, and the other way round.
    const wanted = refOrAlertId.trim().toUpperCase();
    return this.read(() => {
      const found = this.index.withRef(wanted) ?? this.index.latestWithAlertId(wanted);
      return found && copy(found);
    });
  }

  /**
   * Everything the register holds, for copying it elsewhere (`importAlertsFromFiles`): the alerts
   * oldest first, the change lines in file order, the references reserved without an alert, and
   * (after {@link open}) per year the highest reference the witnesses name, which must not be handed
   * out again either.
   */
  contents(): Promise<AlertRegisterContents> {
    return this.read(() => ({
      records: this.index.all().map(copy),
      changes: this.index.changes().map((change) => ({ ...change })),
      reserved: [
        ...this.index.reservedRefs(),
        ...[...this.witnessedHighest].map(([year, sequence]) => formatRef(year, sequence)),
      ],
    }));
  }

  /** Resolves when every add and change called so far is on disk (or failed). */
  flush(): Promise<void> {
    return this.commits.idle();
  }

  /** Waits for the adds called so far, then closes the file (the next use opens it again). */
  close(): Promise<void> {
    return this.commits.exclusive(() => this.closeLog());
  }

  /** Runs `look` on the index, up to date with the file, after every add called before it. */
  private read<R>(look: () => R): Promise<R> {
    return this.commits.exclusive(async () => {
      if (existsSync(this.file) || this.hasLegacyData()) {
        await this.catchUp(await this.opened({ forWriting: false }));
      } else if (this.log) {
        // The file was moved aside: the register starts over, as a restart would.
        await this.closeLog();
        this.index = new AlertIndex({ journal: true });
      }
      // Otherwise nobody wrote an alert yet: nothing is created for a read (`socbot alerts`).
      return look();
    });
  }

  /** One write of a batch of adds (GroupCommit runs one at a time): one outcome per add. */
  private async register(alerts: NewAlert[]): Promise<AddOutcome[]> {
    const log = await this.opened({ forWriting: true });
    await this.catchUp(log);
    const createdAt = this.now();
    const year = createdAt.getUTCFullYear();
    const claims: AlertRecord[] = [];
    // Per add: its earlier record (also one claimed earlier in this batch: a double click) or its claim.
    const records = alerts.map((alert) => {
      const earlier = alert.requestId === undefined ? undefined : this.index.withRequest(alert.requestId);
      if (earlier) return earlier;
      const record: AlertRecord = {
        ...alert,
        ref: this.nextRef(year),
        status: 'registered',
        createdAt: createdAt.toISOString(),
      };
      // Claimed in memory: the next add takes the next reference.
      this.index.add(record);
      claims.push(record);
      return record;
    });
    const failed = await this.writeClaims(log, claims, year);
    return records.map((record): AddOutcome => {
      if (failed.has(record)) return { error: failed.get(record) };
      // Another process may have registered the same request first: its alert is this add's.
      const owner = record.requestId === undefined ? undefined : this.index.withRequest(record.requestId);
      return { record: copy(owner ?? record) };
    });
  }

  /**
   * Writes the claimed records until each owns its reference, and returns those that failed with
   * their error. A claim whose reference another process's line took first gets the next free one
   * (in place, so every add holding it sees the reference that was written) and is written again,
   * unless that process registered the same request.
   */
  private async writeClaims(
    log: OpenLog,
    claims: AlertRecord[],
    year: number,
  ): Promise<Map<AlertRecord, unknown>> {
    const failed = new Map<AlertRecord, unknown>();
    const fail = (records: AlertRecord[], error: unknown): void => {
      for (const record of records) {
        this.unclaim(record);
        failed.set(record, error);
      }
    };
    let pending = claims;
    for (let attempt = 1; pending.length > 0 && attempt <= MAX_ADD_ATTEMPTS; attempt++) {
      let lost: AlertRecord[];
      try {
        lost = await this.append(log, pending);
      } catch (error) {
        fail(pending, error);
        return failed;
      }
      pending = [];
      for (const record of lost) {
        if (record.requestId !== undefined && this.index.withRequest(record.requestId)) continue;
        record.ref = this.nextRef(year);
        this.index.add(record);
        pending.push(record);
      }
    }
    if (pending.length > 0) {
      fail(
        pending,
        new SocbotError(
          'STORAGE_CONFLICT',
          `Could not register the alert: ${MAX_ADD_ATTEMPTS} references in a row were taken first by other ` +
            `processes adding alerts to ${this.file}. Register it again; if this keeps happening, ` +
            'check that no runaway script adds alerts to this data directory.',
          { file: this.file, attempts: MAX_ADD_ATTEMPTS },
        ),
      );
    }
    return failed;
  }

  /** The reference after the highest of `year` in the register and in what the witnesses name. */
  private nextRef(year: number): string {
    const next = parseRef(this.index.nextRef(year))?.sequence ?? 1;
    return formatRef(year, Math.max(next, (this.witnessedHighest.get(year) ?? 0) + 1));
  }

  /** Takes a claim out of the index, unless another process's alert holds that reference by now. */
  private unclaim(record: AlertRecord): void {
    if (this.index.withRef(record.ref) === record) this.index.remove(record.ref);
  }

  /**
   * Appends `entries` in one write and returns the records among them whose reference another
   * process's line took first (each taken out of the index, the other line's alert put in).
   */
  private async append(
    log: OpenLog,
    entries: Array<AlertRecord | AlertReservation | AlertChange>,
  ): Promise<AlertRecord[]> {
    if (entries.length === 0) return [];
    const lines = entries.map(alertLogLine);
    if (log.size > log.consumed) {
      // A line cut short at the end of the file (a write of this process that failed part-way)
      // goes to alerts.jsonl.torn first, so ours starts a line and no line is half an alert.
      await moveTornTailAside(log.handle, this.file, log.consumed, log.size);
      log.size = log.consumed;
    }
    const bytes = Buffer.from(lines.join(''), 'utf8');
    const before = log.size;
    const { bytesWritten } = await log.handle.write(bytes, 0, bytes.length);
    if (bytesWritten !== bytes.length) {
      throw new SocbotError(
        'INTERNAL',
        `Only ${bytesWritten} of ${bytes.length} bytes of the new alerts reached ${this.file} (is the disk full?). ` +
          'Free some space and register the alert again.',
        { file: this.file },
      );
    }
    const size = fstatSync(log.handle.fd).size;
    if (size === before + bytes.length) {
      // Nobody else wrote since this process read the file: every line here owns its reference.
      log.lines += lines.length;
      log.consumed = log.size = size;
      return [];
    }
    // Another process wrote meanwhile: read everything new in file order; the first line with a
    // reference owns it.
    const ours = new Map(lines.map((line, at) => [line.slice(0, -1), entries[at]]));
    const claimed = new Set(entries.filter(isRecord).map((record) => record.ref));
    const lost: AlertRecord[] = [];
    await this.readNewLines(log, size, (parsed) => {
      if (parsed.kind === 'skip') return;
      const entry = ours.get(parsed.text);
      if (parsed.kind === 'change') {
        // A change claims no reference; ours is folded in by the caller.
        if (entry === undefined) this.take(parsed);
        return;
      }
      const ref = parsed.kind === 'alert' ? parsed.record.ref : parsed.ref;
      if (isRecord(entry)) {
        // Our alert: it owns the reference unless another line took it above.
        if (!claimed.delete(ref)) lost.push(entry);
        return;
      }
      // Another process's line that takes a reference claimed here.
      if (entry === undefined && claimed.delete(ref)) this.index.remove(ref);
      this.take(parsed);
    });
    log.size = size;
    return lost;
  }

  /**
   * The log, opened on first use (the index read from it, data of earlier versions imported), and
   * opened again when the file at its path is no longer the one open (moved aside: the register
   * starts over from what is there, as a restart would) or when a read-only handle must write.
   */
  private async opened({ forWriting }: { forWriting: boolean }): Promise<OpenLog> {
    const previous = this.log;
    const same = previous !== undefined && sameFile(this.file, previous.handle.fd);
    if (previous && same && (previous.writable || !forWriting)) return previous;
    await this.closeLog();
    if (!same) this.index = new AlertIndex({ journal: true });
    // Read-only where possible: `socbot alerts` works on a register it may not write.
    const writable = forWriting || this.hasLegacyData();
    const created = writable && !existsSync(this.file);
    if (writable) await mkdir(this.dataDir, { recursive: true });
    const handle = await open(this.file, writable ? APPEND_DURABLY : 'r', 0o600);
    const log: OpenLog =
      previous && same
        ? { ...previous, handle, writable }
        : { handle, writable, consumed: 0, size: 0, lines: 0 };
    try {
      // A new file's name must be on disk too, or a power loss takes the whole register with it.
      if (created) await syncDirectory(this.dataDir);
      await this.catchUp(log);
      if (writable) await this.importLegacyData(log);
    } catch (error) {
      // Not kept: a corrupt line fails every use until it is repaired, and then the next use reads it.
      this.index = new AlertIndex({ journal: true });
      await handle.close().catch(() => undefined);
      throw error;
    }
    this.log = log;
    return log;
  }

  private async closeLog(): Promise<void> {
    const log = this.log;
    this.log = undefined;
    await log?.handle.close().catch(() => undefined);
  }

  /** Reads the lines other processes appended since this process last read the file. */
  private async catchUp(log: OpenLog): Promise<void> {
    const size = fstatSync(log.handle.fd).size;
    if (size > log.consumed) await this.readNewLines(log, size, (parsed) => this.take(parsed));
    log.size = size;
  }

  /** Puts a line into the index; an alert line whose reference is already taken lost it, and is ignored. */
  private take(parsed: AlertLogLine): void {
    if (
      parsed.kind === 'alert' &&
      !this.index.has(parsed.record.ref) &&
      !this.index.isReserved(parsed.record.ref)
    ) {
      this.index.add(parsed.record);
    } else if (parsed.kind === 'reservation') {
      this.index.reserve(parsed.ref);
    } else if (parsed.kind === 'change') {
      this.index.change(parsed.change);
    }
  }

  /**
   * Calls `each` for every complete line between what was read and `end`, moving on line by line (a
   * line that fails is read again, under the same number, next time); a cut-off last line waits.
   */
  private async readNewLines(log: OpenLog, end: number, each: (parsed: AlertLogLine) => void): Promise<void> {
    while (log.consumed < end) {
      const length = Math.min(end - log.consumed, READ_CHUNK_BYTES);
      const { bytesRead, buffer } = await log.handle.read(
        Buffer.allocUnsafe(length),
        0,
        length,
        log.consumed,
      );
      const data = buffer.subarray(0, bytesRead);
      let start = 0;
      for (let newline = data.indexOf(0x0a); newline >= 0; newline = data.indexOf(0x0a, start)) {
        each(readAlertLogLine(data.toString('utf8', start, newline), this.file, log.lines + 1));
        log.lines += 1;
        log.consumed += newline + 1 - start;
        start = newline + 1;
      }
      if (start > 0) continue;
      if (bytesRead === READ_CHUNK_BYTES) {
        throw corruptLine(this.file, log.lines + 1, `it is longer than ${READ_CHUNK_BYTES} bytes`);
      }
      return; // the start of a line still being written (or cut short), or a file that shrank
    }
  }

  private hasLegacyData(): boolean {
    return (
      existsSync(path.join(this.dataDir, LEGACY_ALERTS_DIR_NAME)) ||
      existsSync(path.join(this.dataDir, LEGACY_ALERTS_FILE_NAME))
    );
  }

  /**
   * Imports the register of earlier versions: a file per alert in `alerts/`, all alerts in
   * `alerts.json`. References are kept (what analysts were told stays valid) and numbering carries
   * on after them. An import a crash cut short runs again: alerts already in the file are skipped,
   * and a line written twice loses to the first.
   */
  private async importLegacyData(log: OpenLog): Promise<void> {
    const folder = await readLegacyAlertsFolder(this.dataDir);
    if (folder) {
      const reservations = folder.movedAside.map((ref): AlertReservation => ({
        reserved: ref,
        reason: `alerts/${ref}.json was moved aside`,
      }));
      await this.importEntries(log, folder.records, reservations);
      await retireLegacyAlertsFolder(this.dataDir);
    }
    await importLegacyAlertsFile(this.dataDir, (records) => this.importEntries(log, records, []));
  }

  private async importEntries(
    log: OpenLog,
    records: AlertRecord[],
    reservations: AlertReservation[],
  ): Promise<void> {
    await this.catchUp(log);
    const missing = records
      .filter((record) => !this.index.has(record.ref))
      .sort((a, b) => compareRefs(a.ref, b.ref));
    const newReservations = reservations.filter(
      (reservation) => !this.index.isReserved(reservation.reserved),
    );
    for (const record of missing) this.index.add(record);
    for (const reservation of newReservations) this.index.reserve(reservation.reserved);
    // A record that lost its reference here was written by another process importing the same.
    await this.append(log, [...newReservations, ...missing]);
  }
}

/** What {@link AlertRegister.contents} hands out. */
export interface AlertRegisterContents {
  records: AlertRecord[];
  changes: AlertChange[];
  /** References that numbered an alert whose line was lost, or that others name: never to be handed out again. */
  reserved: string[];
}

/** What one add of a batch came to. */
type AddOutcome = { record: AlertRecord } | { error: unknown };

/** The open file: what of it was read into the index, and how big it was then. */
interface OpenLog {
  handle: FileHandle;
  /** False for a read-only handle (a read that found no data of earlier versions to import). */
  writable: boolean;
  /** Bytes read into the index: the end of the last complete line read. */
  consumed: number;
  /** The file's size when last looked at (more than `consumed` when it ends in a cut-off line). */
  size: number;
  /** Lines read so far, to name a line in an error. */
  lines: number;
}

function isRecord(entry: AlertRecord | AlertReservation | AlertChange | undefined): entry is AlertRecord {
  return entry !== undefined && 'ref' in entry;
}

/** True while `file` is still the file the handle has open (not moved aside or replaced). */
function sameFile(file: string, fd: number): boolean {
  const onDisk = statSync(file, { throwIfNoEntry: false });
  if (!onDisk) return false;
  const open = fstatSync(fd);
  return onDisk.ino === open.ino && onDisk.dev === open.dev;
}

/** A record holds only strings, so a shallow copy is a full one: callers cannot change the register. */
function copy(record: AlertRecord): AlertRecord {
  return { ...record };
}

/** Whether a cursor's JSON is an index position (see {@link AlertIndex.since}). */
function isIndexPosition(value: unknown): value is IndexPosition {
  const position = value as Partial<IndexPosition> | null;
  return (
    typeof position === 'object' &&
    position !== null &&
    typeof position.identity === 'string' &&
    Number.isInteger(position.removals) &&
    Number.isInteger(position.records) &&
    Number.isInteger(position.changes)
  );
}
