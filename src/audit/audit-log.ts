import { constants, statSync } from 'node:fs';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SocbotError } from '../errors';
import type { AuditEntry, AuditRecord } from './audit-entry';
import { GroupCommit } from '../store/group-commit';
import type { AuditTrail } from './audit-trail';
import { timelineOf } from './alert-timeline';
import { chainedEntry, type ChainTail } from './chained-entry';
import { GENESIS_HASH } from './entry-hash';
import { readAuditEntriesFrom, readAuditFile, type AuditFilePosition } from './read-audit-file';
import { verifyAudit, type AuditVerification } from './verify-audit';

/** Append, create, and return from each write only once its data is on disk (like fdatasync). */
const APPEND_DURABLY = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC;

/** The audit file under the data directory: JSON Lines, one entry per line, appended only. */
export const AUDIT_FILE_NAME = 'audit.jsonl';

/** `<dataDir>/audit.jsonl`. */
export function auditFilePath(dataDir: string): string {
  return path.join(dataDir, AUDIT_FILE_NAME);
}

/**
 * The append-only, hash-chained audit trail.
 *
 * Each `append` adds one line and resolves once it is on disk (the file is written with O_DSYNC),
 * so an entry the caller saw written survives a crash (appends that arrive during one write share
 * the next). Entries are numbered and chained (`prevHash` → `hash`), so
 * `verifyAudit` finds a changed, deleted, reordered or cut-off entry. Appends are serialized in this
 * process; one process (the bot) writes the file, others only read it.
 *
 * A file whose last line is cut off (a crash mid-write, or tampering) is not appended to: the
 * append fails with STORAGE_CORRUPT, so the damage is looked at instead of buried under new lines.
 *
 * @example
 *   const audit = new AuditLog(auditFilePath(config.dataDir));
 *   await audit.append({ actor: { id: 'aad-1', name: 'Ana', role: 'analyst' }, action: 'command',
 *     summary: 'register alert', alertRef: 'SOC-2026-0001', details: { alertId: '4711' } });
 */
export class AuditLog implements AuditTrail {
  private tail: ChainTail | undefined;
  /** One durable write per batch of appends instead of per entry, which a busy bot's turns would queue behind. */
  private readonly commits = new GroupCommit<AuditRecord, AuditEntry>((records) => this.writeBatch(records));
  private directoryReady = false;
  /** Where the last `entriesAfter` read ended, and the last entry it found there (the chain's end then). */
  private readOn: { position: AuditFilePosition; tail: ChainTail } | undefined;
  /** Kept open between batches (an open and a close less per batch); reopened when the file was replaced. */
  private handle: { file: FileHandle; ino: number } | undefined;

  /**
   * @param secrets the configured credential values (`credentialValues(config)`): removed from every
   *   entry's details in every encoding, beyond what key names and shapes already catch.
   */
  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
    private readonly secrets: readonly string[] = [],
  ) {}

  /** The file. */
  get location(): string {
    return this.file;
  }

  /** Writes one entry (details redacted) and resolves with it once it is on disk. */
  append(record: AuditRecord): Promise<AuditEntry> {
    return this.commits.add(record);
  }

  /**
   * Reads where the chain ends, so start-up finds a trail that cannot be appended to before a turn
   * does (STORAGE_CORRUPT, with the remedy). Resolves with the last entry's seq (0 for a new trail).
   */
  async check(): Promise<number> {
    await this.flush();
    this.tail ??= await this.readTail();
    return this.tail.seq;
  }

  /** Every whole entry in file order (after this process's appends under way); a missing file has none. */
  async entries(): Promise<AuditEntry[]> {
    await this.flush();
    const { lines } = await readAuditFile(this.file);
    return lines.flatMap((line) => (line.entry ? [line.entry] : []));
  }

  /**
   * Reads the file on from where the last call ended when `seq` is at or past that call's last
   * entry (a reader following the trail), else from the start. The file is only appended to; what
   * was read on must chain onto the entry read last, or the file was rewritten in place (a backup
   * copied over it) and is read from the start.
   */
  async entriesAfter(seq: number): Promise<AuditEntry[]> {
    await this.flush();
    const last = this.readOn;
    let read = await readAuditEntriesFrom(
      this.file,
      last && seq >= last.tail.seq ? last.position : undefined,
    );
    const first = read.entries[0];
    if (!read.fromStart && first && first.prevHash !== last?.tail.hash) {
      read = await readAuditEntriesFrom(this.file);
    }
    const end = read.entries.at(-1);
    const tail = end ? { seq: end.seq, hash: end.hash } : read.fromStart ? undefined : last?.tail;
    this.readOn = read.position && tail ? { position: read.position, tail } : undefined;
    return read.entries.filter((entry) => entry.seq > seq);
  }

  async entriesOfAlert(alertRef: string): Promise<AuditEntry[]> {
    return timelineOf(await this.entries(), alertRef);
  }

  async entriesOfRequests(requestIds: readonly string[]): Promise<AuditEntry[]> {
    const wanted = new Set(requestIds);
    return (await this.entries()).filter((entry) => {
      const id = entry.details.requestId;
      return typeof id === 'string' && wanted.has(id);
    });
  }

  /** The last entry's seq and hash, read from the file once and then kept as this process appends. */
  async head(): Promise<ChainTail> {
    await this.flush();
    this.tail ??= await this.readTail();
    return { ...this.tail };
  }

  /** `verifyAudit` on the file, after this process's appends under way. */
  async verify(): Promise<AuditVerification> {
    await this.flush();
    return verifyAudit(this.file);
  }

  /** Resolves when every queued append has finished. */
  flush(): Promise<void> {
    return this.commits.idle();
  }

  /** Flushes and closes the file; a later append opens it again. */
  async close(): Promise<void> {
    await this.flush();
    const handle = this.handle;
    this.handle = undefined;
    await handle?.file.close();
  }

  /** Chains the records in arrival order, writes them as one durable write, and returns the entries. */
  private async writeBatch(records: AuditRecord[]): Promise<AuditEntry[]> {
    try {
      const handle = await this.openForAppend();
      let tail: ChainTail = this.tail ?? (await this.readTail());
      const entries = records.map((record) => {
        const entry = this.entryAfter(tail, record);
        tail = { seq: entry.seq, hash: entry.hash };
        return entry;
      });
      // The file is open with O_DSYNC: the write returns once the entries are on disk, in one
      // trip to the thread pool instead of a write and then an fsync.
      await handle.write(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
      // Only now does the chain move on: a failed write leaves it where the file ends.
      this.tail = tail;
      return entries;
    } catch (error) {
      // The next batch opens the file again and reads its tail from disk: a broken handle is not
      // kept, and a line this write cut off is found (STORAGE_CORRUPT) instead of chained onto.
      const handle = this.handle;
      this.handle = undefined;
      this.tail = undefined;
      await handle?.file.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * The open file to append to. When the file on disk is no longer the one held open (moved aside
   * as the STORAGE_CORRUPT message says, or removed), the old handle is closed, the file opened
   * anew and its tail read again, so the chain continues on what is actually there.
   */
  private async openForAppend(): Promise<FileHandle> {
    const onDisk = statSync(this.file, { throwIfNoEntry: false });
    if (this.handle && onDisk?.ino === this.handle.ino) return this.handle.file;
    const stale = this.handle;
    this.handle = undefined;
    this.tail = undefined;
    await stale?.file.close();
    if (!this.directoryReady) {
      await mkdir(path.dirname(this.file), { recursive: true });
      this.directoryReady = true;
    }
    const file = await open(this.file, APPEND_DURABLY, 0o600);
    try {
      this.handle = { file, ino: (await file.stat()).ino };
    } catch (error) {
      await file.close();
      throw error;
    }
    return file;
  }

  private entryAfter(tail: ChainTail, record: AuditRecord): AuditEntry {
    return chainedEntry(tail, record, this.now(), this.secrets);
  }

  /** The last entry's seq and hash, read once; the genesis values for a new file. */
  private async readTail(): Promise<ChainTail> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, hash: GENESIS_HASH };
      throw error;
    }
    if (text === '') return { seq: 0, hash: GENESIS_HASH };
    const lastLine = text.endsWith('\n') ? text.slice(0, -1).split('\n').pop() : undefined;
    const last = lastLine === undefined ? undefined : parseTail(lastLine);
    if (!last) {
      throw new SocbotError(
        'STORAGE_CORRUPT',
        `The audit trail ${this.file} ends with an incomplete or unreadable line, so no entry can be chained to it. ` +
          `Run \`socbot audit verify\` to see what is wrong; keep the file as evidence (copy it aside), ` +
          `then move it away (\`mv "${this.file}" "${this.file}.broken"\`) so socbot starts a new trail.`,
        { file: this.file },
      );
    }
    return last;
  }
}

function parseTail(line: string): ChainTail | undefined {
  try {
    const entry = JSON.parse(line) as Partial<AuditEntry>;
    return typeof entry.seq === 'number' && typeof entry.hash === 'string'
      ? { seq: entry.seq, hash: entry.hash }
      : undefined;
  } catch {
    return undefined;
  }
}
