import { existsSync, fstatSync, statSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SocbotError } from '../errors';
import { AlertIndex } from './alert-index';
import { alertLogLine, corruptLine, readAlertLogLine, type AlertReservation } from './alert-log-line';
import { compareRefs } from './alert-record';
import { GroupCommit } from './group-commit';
import { LEGACY_ALERTS_FILE_NAME, importLegacyAlertsFile } from './legacy-alerts-file';
import {
  LEGACY_ALERTS_DIR_NAME,
  readLegacyAlertsFolder,
  retireLegacyAlertsFolder,
} from './legacy-alerts-folder';

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
}

/** A registered alert. */
export interface AlertRecord extends NewAlert {
  /** socbot's own reference, `SOC-<year>-<4-digit sequence>`, e.g. `SOC-2026-0001`. */
  ref: string;
  status: 'registered';
  /** ISO 8601 time of registration. */
  createdAt: string;
}

/** The alert register's file in the data directory: one line per alert. */
export const ALERTS_FILE_NAME = 'alerts.jsonl';

/** How often an add tries the next reference when another process keeps taking it first. */
const MAX_ADD_ATTEMPTS = 20;

/** Read at most this much of the file at once (a line is a few hundred bytes). */
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The local alert register: every alert the bot registered, one JSON line each in
 * `<dataDir>/alerts.jsonl`, with a reference that is unique per data directory and counts up per year.
 *
 * - Appends only. Registering an alert appends a line of a few hundred bytes, whatever the size of
 *   the register; the adds that arrive while one write runs go into the next write together. A file
 *   per alert (the layout before this one) cost a file creation per alert, which on the machines
 *   measured here was 0.15–0.65 ms of kernel time and made every confirmation wait for five file
 *   operations in turn.
 * - Unique references across processes (`socbot chat` next to `socbot serve`, both adding): lines are
 *   appended with O_APPEND, so the file's order is the order of registration, and the first line with
 *   a reference owns it. After each write the register checks that the file grew by exactly its own
 *   lines; if another process wrote meanwhile, it reads what was written and any alert of its own that
 *   lost its reference is written again with the next one. Needs a local file system (O_APPEND is not
 *   atomic over NFS).
 * - All alerts are kept in memory (they never change once registered). Before each read or add, one
 *   `fstat` tells whether the file grew, and only the new lines are read.
 * - A line socbot cannot read fails with STORAGE_CORRUPT naming the line; the file is never rewritten.
 *   The start of a line a crash cut short is skipped (see readAlertLogLine).
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
export class AlertRegister {
  readonly file: string;
  private readonly commits = new GroupCommit<NewAlert, AlertRecord>((alerts) => this.register(alerts));
  private index = new AlertIndex();
  private log: OpenLog | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = path.join(dataDir, ALERTS_FILE_NAME);
  }

  /** Records an alert and returns it with its new reference (or the earlier record of the same `requestId`). */
  add(alert: NewAlert): Promise<AlertRecord> {
    return this.commits.add(alert);
  }

  /** Every registered alert, oldest first. */
  list(): Promise<AlertRecord[]> {
    return this.read(() => this.index.all().map(copy));
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

  /** Resolves when every add called so far is on disk (or failed). */
  flush(): Promise<void> {
    return this.commits.idle();
  }

  /** Waits for the adds called so far, then closes the file (the next use opens it again). */
  close(): Promise<void> {
    return this.commits.exclusive(async () => {
      const log = this.log;
      this.log = undefined;
      await log?.handle.close();
    });
  }

  /** Runs `look` on the index, up to date with the file, after every add called before it. */
  private read<R>(look: () => R): Promise<R> {
    return this.commits.exclusive(async () => {
      // A register nobody wrote yet is read without creating its file (`socbot alerts` on a new data directory).
      if (this.log || existsSync(this.file) || this.hasLegacyData()) await this.catchUp(await this.opened());
      return look();
    });
  }

  /** One write of a batch of adds (GroupCommit runs one at a time): one result per add. */
  private async register(alerts: NewAlert[]): Promise<AlertRecord[]> {
    const log = await this.opened();
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
        ref: this.index.nextRef(year),
        status: 'registered',
        createdAt: createdAt.toISOString(),
      };
      // Claimed in memory: the next add takes the next reference.
      this.index.add(record);
      claims.push(record);
      return record;
    });
    await this.writeClaims(log, claims, year);
    return records.map(copy);
  }

  /**
   * Writes the claimed records until each owns its reference. A claim whose reference another
   * process's line took first gets the next free one (in place, so every add holding it sees the
   * reference that was written) and is written again.
   */
  private async writeClaims(log: OpenLog, claims: AlertRecord[], year: number): Promise<void> {
    let pending = claims;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ADD_ATTEMPTS) {
        for (const record of pending) this.index.remove(record.ref);
        throw new SocbotError(
          'STORAGE_CONFLICT',
          `Could not register the alert: ${MAX_ADD_ATTEMPTS} references in a row were taken first by other ` +
            `processes adding alerts to ${this.file}. Register it again; if this keeps happening, ` +
            'check that no runaway script adds alerts to this data directory.',
          { file: this.file, attempts: MAX_ADD_ATTEMPTS },
        );
      }
      let lost: AlertRecord[];
      try {
        lost = await this.append(log, pending);
      } catch (error) {
        for (const record of pending) this.index.remove(record.ref);
        throw error;
      }
      for (const record of lost) {
        record.ref = this.index.nextRef(year);
        this.index.add(record);
      }
      pending = lost;
    }
  }

  /**
   * Appends `entries` in one write and returns the records among them whose reference another
   * process's line took first (each removed from the index, the other line's alert added).
   */
  private async append(log: OpenLog, entries: Array<AlertRecord | AlertReservation>): Promise<AlertRecord[]> {
    if (entries.length === 0) return [];
    const lines = entries.map(alertLogLine);
    // A line cut short at the end of the file (a crash) is ended first, so ours starts a line.
    const text = (log.size > log.consumed ? '\n' : '') + lines.join('');
    const bytes = Buffer.from(text, 'utf8');
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
      log.lines += lines.length + (text.startsWith('\n') ? 1 : 0);
      log.consumed = log.size = size;
      return [];
    }
    // Another process wrote meanwhile: read everything new in file order; the first line with a
    // reference owns it.
    const ours = new Map(lines.map((line, at) => [line.slice(0, -1), entries[at]]));
    const claimed = new Set(entries.filter(isRecord).map((record) => record.ref));
    const lost: AlertRecord[] = [];
    await this.readNewLines(log, size, (line, lineNumber) => {
      const entry = ours.get(line);
      const parsed = readAlertLogLine(line, this.file, lineNumber);
      if (parsed.kind !== 'alert') return this.take(parsed);
      const { ref } = parsed.record;
      if (entry && isRecord(entry)) {
        // Our line: it owns the reference unless another line took it above.
        if (claimed.has(ref)) claimed.delete(ref);
        else lost.push(entry);
        return;
      }
      if (claimed.has(ref)) {
        // Another process's line took a reference claimed here.
        claimed.delete(ref);
        this.index.remove(ref);
      }
      this.index.add(parsed.record);
    });
    return lost;
  }

  /** The log, opened (and the index read from it) on first use; imports data of earlier versions. */
  private async opened(): Promise<OpenLog> {
    if (this.log && sameFile(this.file, this.log.handle.fd)) return this.log;
    if (this.log) {
      // The file was moved or replaced under this process: start over from what is there now.
      await this.log.handle.close().catch(() => undefined);
      this.log = undefined;
      this.index = new AlertIndex();
    }
    await mkdir(this.dataDir, { recursive: true });
    const handle = await open(this.file, 'a+', 0o600);
    const log: OpenLog = { handle, consumed: 0, size: 0, lines: 0 };
    try {
      await this.catchUp(log);
      await this.importLegacyData(log);
    } catch (error) {
      // Not kept: a corrupt line fails every use until it is repaired, and then the next use reads it.
      this.index = new AlertIndex();
      await handle.close().catch(() => undefined);
      throw error;
    }
    this.log = log;
    return log;
  }

  /** Reads the lines other processes appended since this process last read the file. */
  private async catchUp(log: OpenLog): Promise<void> {
    const size = fstatSync(log.handle.fd).size;
    if (size > log.consumed) {
      await this.readNewLines(log, size, (line, lineNumber) => {
        const parsed = readAlertLogLine(line, this.file, lineNumber);
        if (parsed.kind === 'alert' && this.index.has(parsed.record.ref)) return; // a line that lost its reference
        this.take(parsed);
      });
    }
    log.size = size;
  }

  private take(parsed: ReturnType<typeof readAlertLogLine>): void {
    if (parsed.kind === 'alert') this.index.add(parsed.record);
    else if (parsed.kind === 'reservation') this.index.reserve(parsed.ref);
  }

  /** Calls `each` for every complete line between what was read and `end`; a cut-off last line waits. */
  private async readNewLines(
    log: OpenLog,
    end: number,
    each: (line: string, lineNumber: number) => void,
  ): Promise<void> {
    while (log.consumed < end) {
      const length = Math.min(end - log.consumed, READ_CHUNK_BYTES);
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await log.handle.read(buffer, 0, length, log.consumed);
      const lastNewline = buffer.lastIndexOf(0x0a, bytesRead - 1);
      if (lastNewline < 0) {
        if (bytesRead === READ_CHUNK_BYTES) {
          throw corruptLine(this.file, log.lines + 1, `it is longer than ${READ_CHUNK_BYTES} bytes`);
        }
        return; // the start of a line still being written (or cut short): read once it ends
      }
      for (const line of buffer.toString('utf8', 0, lastNewline).split('\n')) {
        log.lines += 1;
        each(line, log.lines);
      }
      log.consumed += lastNewline + 1;
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
    for (const record of missing) this.index.add(record);
    for (const reservation of reservations) this.index.reserve(reservation.reserved);
    // A record that lost its reference here was written by another process importing the same.
    await this.append(log, [...reservations, ...missing]);
  }
}

/** The open file: what of it was read into the index, and how big it was then. */
interface OpenLog {
  handle: FileHandle;
  /** Bytes read into the index: the end of the last complete line read. */
  consumed: number;
  /** The file's size when last looked at (more than `consumed` when it ends in a cut-off line). */
  size: number;
  /** Lines read so far, to name a line in an error. */
  lines: number;
}

function isRecord(entry: AlertRecord | AlertReservation | undefined): entry is AlertRecord {
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
