import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SocbotError } from '../errors';
import { AlertIndex } from './alert-index';
import { isAlertRecord } from './alert-record';
import { corrupt, stampOf } from './data-file';
import { createExclusively } from './exclusive-file';
import { KeyedQueue } from './keyed-queue';
import { importLegacyAlertsFile } from './legacy-alerts-file';

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

/** The folder under the data directory that holds the alert register, a file per alert. */
export const ALERTS_DIR_NAME = 'alerts';

/** How often an add tries the next reference when another process keeps taking it first. */
const MAX_ADD_ATTEMPTS = 20;

/** How many record files are read or written at once: enough to overlap, few enough for any fd limit. */
const FILES_AT_ONCE = 32;

/** The register's one queue key: every read and add runs in turn. */
const REGISTER = 'alerts';

/**
 * The local alert register: every alert the bot registered, each in its own small JSON file
 * `<dataDir>/alerts/<ref>.json`, with a reference that is unique per data directory and counts up
 * per year.
 *
 * - A file per alert: registering writes a few hundred bytes, whatever the size of the register.
 *   One file for all alerts was rewritten and re-stringified whole on every add.
 * - Unique references across processes (the CLI next to a running bot): each file is created
 *   atomically and exclusively (`createExclusively`); when another process took the reference
 *   first, the register reads that alert and tries the next number.
 * - Alerts never change once registered, so all of them are kept in memory. Before each read or
 *   add one `stat` of the folder tells whether another process added files, and only those are read.
 * - A record file socbot cannot read fails with STORAGE_CORRUPT naming it, and is never overwritten.
 * - An `alerts.json` of an earlier socbot (all alerts in one file) is imported on first use.
 * - Reads and adds run one after another, so a read sees every add called before it.
 *
 * @example
 *   const register = new AlertRegister('./data');
 *   const alert = await register.add({ alertId: '4711', terminal: 'PC-0815', username: 'DDIC', system: 'PRD',
 *     priority: 'P2', createdBy: 'Ana', conversationId: 'c1' });
 *   alert.ref; // 'SOC-2026-0001', in ./data/alerts/SOC-2026-0001.json
 *   (await register.find('soc-2026-0001'))?.alertId; // '4711'
 */
export class AlertRegister {
  readonly directory: string;
  private readonly queue = new KeyedQueue();
  private readonly index = new AlertIndex();
  /** Whether the folder was listed and an old `alerts.json` imported (done on first use). */
  private ready = false;
  /** The folder's stamp when it was last listed or written by this process. */
  private folderStamp: string | undefined;
  private folderExists = false;
  /** Record files being written: claimed in the index, not yet on disk. */
  private readonly writes = new Set<Promise<boolean>>();
  /** Adds in progress by `requestId`, so a double click waits for the first instead of racing it. */
  private readonly addsByRequest = new Map<string, Promise<AlertRecord>>();

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.directory = path.join(dataDir, ALERTS_DIR_NAME);
  }

  /** Records an alert and returns it with its new reference (or the earlier record of the same `requestId`). */
  add(alert: NewAlert): Promise<AlertRecord> {
    // A second add of the same request while the first is still writing gets the first's result.
    const running = alert.requestId === undefined ? undefined : this.addsByRequest.get(alert.requestId);
    if (running) return running.then(copy);
    const adding = this.addOnce(alert);
    if (alert.requestId !== undefined) {
      const requestId = alert.requestId;
      this.addsByRequest.set(requestId, adding);
      void adding.then(
        () => this.addsByRequest.delete(requestId),
        () => this.addsByRequest.delete(requestId),
      );
    }
    return adding;
  }

  private async addOnce(alert: NewAlert): Promise<AlertRecord> {
    for (let attempt = 1; attempt <= MAX_ADD_ATTEMPTS; attempt++) {
      const claimed = await this.claim(alert);
      if (claimed.earlier) return copy(claimed.earlier);
      const { record } = claimed;
      // Written outside the queue: adds claim their references one after another (in memory, no
      // I/O) and write their files side by side. With the write inside the queue, every add waited
      // for the writes of all adds before it, which under load made confirming an alert slow.
      const writing = this.create(record);
      this.writes.add(writing);
      try {
        if (await writing) {
          if (this.writes.size === 1) this.folderStamp = stampOf(this.directory);
          return copy(record);
        }
      } catch (error) {
        this.index.remove(record.ref);
        throw error;
      } finally {
        this.writes.delete(writing);
      }
      // Another process wrote this reference first: its alert replaces the claim in the index.
      // Read now: references below this one were all tried here, so this is how the index learns of
      // the other process's alerts without listing the folder.
      this.index.remove(record.ref);
      // Taken whatever is read next: the file may already be moved aside (it keeps its number).
      this.index.reserve(record.ref);
      const theirs = await readRecord(this.pathOf(record.ref), record.ref);
      if (theirs) this.index.add(theirs);
    }
    throw new SocbotError(
      'STORAGE_CONFLICT',
      `Could not register the alert: ${MAX_ADD_ATTEMPTS} references in a row were taken first by other ` +
        `processes adding alerts to ${this.directory}. Register it again; if this keeps happening, ` +
        'check that no runaway script adds alerts to this data directory.',
      { directory: this.directory, attempts: MAX_ADD_ATTEMPTS },
    );
  }

  /** The earlier record of the same request, or a new record whose reference is now taken in memory. */
  private claim(
    alert: NewAlert,
  ): Promise<{ earlier: AlertRecord; record?: never } | { earlier?: never; record: AlertRecord }> {
    return this.queue.run([REGISTER], async () => {
      const createdAt = this.now();
      const year = createdAt.getUTCFullYear();
      await this.refresh(year);
      const earlier = alert.requestId ? this.index.withRequest(alert.requestId) : undefined;
      if (earlier) return { earlier };
      const record: AlertRecord = {
        ...alert,
        ref: this.index.nextRef(year),
        status: 'registered',
        createdAt: createdAt.toISOString(),
      };
      this.index.add(record);
      return { record };
    });
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

  /** Resolves when every queued read and add has finished; an add resolves only once on disk. */
  async flush(): Promise<void> {
    await this.queue.idle();
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
  }

  /** Runs `look` on the index once every add claimed so far is on disk: readers see what is written. */
  private read<R>(look: () => R): Promise<R> {
    return this.queue.run([REGISTER], async () => {
      while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
      await this.refresh();
      return look();
    });
  }

  /**
   * Brings the index up to date with the folder: on first use lists it and imports an old
   * `alerts.json`; afterwards it costs two `stat`s when no other process added alerts.
   */
  private async refresh(year = this.now().getUTCFullYear()): Promise<void> {
    if (!this.ready) {
      await this.readNewFiles();
      await importLegacyAlertsFile(this.dataDir, (records) => this.importRecords(records));
      this.ready = true; // not before: a failed start (a corrupt file) is tried again on the next call
    }
    // While this process writes files the folder changes under it: listing then would only find
    // its own alerts. Another process's alert of this year is still found by the next reference.
    if (this.writes.size === 0 && stampOf(this.directory) !== this.folderStamp) await this.readNewFiles();
    // The stamp misses an alert another process adds while this one adds its own (both change the
    // folder) or within the same tick of the file system's clock. A year's references have no
    // gaps, so looking for the next one finds those; other years are left to the stamp.
    await this.readFollowing(year);
  }

  /** Lists the folder and reads the record files not in the index yet. */
  private async readNewFiles(): Promise<void> {
    // Taken before listing: a file added during the listing changes the folder again.
    const stamp = stampOf(this.directory);
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      names = [];
    }
    const refs = names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length));
    // A record moved aside (`SOC-2026-0005.json.corrupt`, as STORAGE_CORRUPT advises) keeps its number.
    for (const name of names) if (!name.endsWith('.json')) this.index.reserve(name.split('.')[0] ?? '');
    const unknown = refs.filter((ref) => !this.index.has(ref));
    await inBatches(unknown, async (ref) => {
      const record = await readRecord(this.pathOf(ref), ref);
      if (record) this.index.add(record);
    });
    this.folderStamp = stamp;
  }

  /** Reads the alerts of `year` that follow the highest in the index, if any. */
  private async readFollowing(year: number): Promise<void> {
    for (let ref = this.index.nextRef(year); existsSync(this.pathOf(ref)); ref = this.index.nextRef(year)) {
      const record = await readRecord(this.pathOf(ref), ref);
      if (!record) return;
      this.index.add(record);
    }
  }

  /** Writes the imported alerts that have no file yet (an earlier import may have been cut short). */
  private async importRecords(records: AlertRecord[]): Promise<void> {
    const missing = records.filter((record) => !this.index.has(record.ref));
    await inBatches(missing, async (record) => {
      // False when the file exists (an earlier import, another process importing too): kept as is.
      if (await this.create(record)) this.index.add(record);
    });
  }

  /** Creates the record's file; false when its reference is taken. */
  private async create(record: AlertRecord): Promise<boolean> {
    if (!this.folderExists) {
      await mkdir(this.directory, { recursive: true });
      this.folderExists = true;
    }
    // Compact JSON: the files are for socbot to read back.
    return createExclusively(this.pathOf(record.ref), JSON.stringify(record));
  }

  private pathOf(ref: string): string {
    return path.join(this.directory, `${ref}.json`);
  }
}

/**
 * The alert in `file`, which must be the record of `ref`; undefined if the file is gone (moved
 * aside meanwhile). Anything else fails with STORAGE_CORRUPT and leaves the file as it is.
 */
async function readRecord(file: string, ref: string): Promise<AlertRecord | undefined> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw corrupt(file, error instanceof Error ? error.message : String(error), error);
  }
  if (!isAlertRecord(data) || data.ref !== ref) {
    throw corrupt(
      file,
      `it is not the registered alert ${ref} (the file name must be the alert's reference)`,
    );
  }
  return data;
}

/** A record holds only strings, so a shallow copy is a full one: callers cannot change the register. */
function copy(record: AlertRecord): AlertRecord {
  return { ...record };
}

async function inBatches<T>(items: readonly T[], each: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += FILES_AT_ONCE) {
    await Promise.all(items.slice(start, start + FILES_AT_ONCE).map(each));
  }
}
