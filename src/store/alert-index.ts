import { randomUUID } from 'node:crypto';
import { applyChange, initialLifecycle, type AlertChange, type AlertLifecycle } from './alert-change';
import { compareRefs, formatRef, parseRef } from './alert-record';
import type { AlertRecord } from './alert-register';

/** A reader's place in an index's arrivals (see {@link AlertIndex.since}). */
export interface IndexPosition {
  identity: string;
  removals: number;
  /** How many records and changes had come in. */
  records: number;
  changes: number;
}

/**
 * The alerts of a register in memory, oldest first, with lookups by reference, alert ID and
 * `requestId`. No I/O: the register decides what goes in. Records are immutable once registered;
 * what changes (status, lead, classification, notes) is the fold of their change lines, kept apart.
 *
 * @example
 *   const index = new AlertIndex();
 *   index.add(record); // record.ref === 'SOC-2026-0001'
 *   index.nextRef(2026); // 'SOC-2026-0002'
 */
export class AlertIndex {
  /** Oldest first: by year, then sequence, which is the order of registration. */
  private readonly ordered: AlertRecord[] = [];
  private readonly byRef = new Map<string, AlertRecord>();
  private readonly byRequest = new Map<string, AlertRecord>();
  /** By upper-cased alert ID, oldest first: a duplicate check must not scan the whole register. */
  private readonly byAlertId = new Map<string, AlertRecord[]>();
  /** Per year, the highest sequence number taken. */
  private readonly highest = new Map<number, number>();
  /** References used without a record: files moved aside, never handed out again (see {@link reserve}). */
  private readonly reserved = new Set<string>();
  /** Per reference, its change lines folded; absent for an alert never changed. */
  private readonly lifecycles = new Map<string, AlertLifecycle>();
  /** Every change made, by its request id (idempotency). */
  private readonly changeRequests = new Map<string, AlertChange>();
  /**
   * With `journal`: the records and the changes in the order they came in, for readers that follow
   * the index (`since`); the register's own index keeps them, a throwaway fold does not.
   */
  private readonly arrivals: { records: AlertRecord[]; changes: AlertChange[] } | undefined;
  /** Counts the records taken out again: a reader's position in `arrivals` no longer holds then. */
  private removals = 0;
  /** This index among others (a register that starts over makes a new one). */
  private readonly identity: string;

  constructor(options: { journal?: boolean } = {}) {
    this.arrivals = options.journal ? { records: [], changes: [] } : undefined;
    this.identity = options.journal ? randomUUID() : '';
  }

  /** Adds a record; one whose reference is already in the index is ignored. */
  add(record: AlertRecord): void {
    if (this.byRef.has(record.ref)) return;
    this.byRef.set(record.ref, record);
    // Usually the newest, so this looks at one entry; an older one (another process's alert of
    // another year, an imported one) goes into its place.
    let at = this.ordered.length;
    while (at > 0 && compareRefs(this.ordered[at - 1]!.ref, record.ref) > 0) at--;
    this.ordered.splice(at, 0, record);
    this.arrivals?.records.push(record);
    const sameId = this.byAlertId.get(record.alertId.toUpperCase()) ?? [];
    let atSame = sameId.length;
    while (atSame > 0 && compareRefs(sameId[atSame - 1]!.ref, record.ref) > 0) atSame--;
    sameId.splice(atSame, 0, record);
    this.byAlertId.set(record.alertId.toUpperCase(), sameId);
    if (record.requestId !== undefined && !this.byRequest.has(record.requestId)) {
      this.byRequest.set(record.requestId, record);
    }
    const parsed = parseRef(record.ref);
    if (parsed && parsed.sequence > (this.highest.get(parsed.year) ?? 0)) {
      this.highest.set(parsed.year, parsed.sequence);
    }
  }

  /**
   * Marks a reference as used without a record: a file moved aside (`SOC-2026-0005.json.corrupt`)
   * still numbered an alert that tickets and the audit trail may name, so it is never handed out again.
   */
  reserve(ref: string): void {
    const parsed = parseRef(ref);
    if (!parsed) return;
    this.reserved.add(ref);
    this.highest.set(parsed.year, Math.max(this.highest.get(parsed.year) ?? 0, parsed.sequence));
  }

  /** Takes a record out again (a reference claimed here that another process wrote first). */
  remove(ref: string): void {
    const record = this.byRef.get(ref);
    if (!record) return;
    this.removals += 1;
    this.byRef.delete(ref);
    this.ordered.splice(this.ordered.indexOf(record), 1);
    const sameId = this.byAlertId.get(record.alertId.toUpperCase()) ?? [];
    sameId.splice(sameId.indexOf(record), 1);
    if (sameId.length === 0) this.byAlertId.delete(record.alertId.toUpperCase());
    if (record.requestId !== undefined && this.byRequest.get(record.requestId) === record) {
      this.byRequest.delete(record.requestId);
    }
    const parsed = parseRef(ref);
    if (parsed) {
      // The next reference must be found again: another process holds this one now.
      let highest = 0;
      for (const taken of [...this.ordered.map((other) => other.ref), ...this.reserved]) {
        const other = parseRef(taken);
        if (other?.year === parsed.year) highest = Math.max(highest, other.sequence);
      }
      this.highest.set(parsed.year, highest);
    }
  }

  /**
   * Folds a change line into its alert's lifecycle; a change whose request id was already folded is
   * ignored (the same change read twice, or made twice).
   */
  change(change: AlertChange): void {
    if (this.changeRequests.has(change.requestId)) return;
    this.changeRequests.set(change.requestId, change);
    this.arrivals?.changes.push(change);
    this.lifecycles.set(change.change, applyChange(this.lifecycle(change.change), change));
  }

  /** The change made with this request id, if it was made. */
  changeOf(requestId: string): AlertChange | undefined {
    return this.changeRequests.get(requestId);
  }

  /** The current lifecycle of `ref` (`registered` for one never changed). Never mutated: share it freely. */
  lifecycle(ref: string): AlertLifecycle {
    return this.lifecycles.get(ref) ?? initialLifecycle();
  }

  /** Every change folded, in the order it was folded (the file's order); one per request id. */
  changes(): AlertChange[] {
    return [...this.changeRequests.values()];
  }

  /**
   * Where a reader stands now, and what came in after `from`: only that when `from` still holds
   * (the same index, nothing taken out since), else every record and change (`fromStart`). The
   * records and changes themselves: callers must copy what they hand out.
   */
  since(from: IndexPosition | undefined): {
    position: IndexPosition;
    arrived: { records: readonly AlertRecord[]; changes: readonly AlertChange[] };
    fromStart: boolean;
  } {
    const arrivals = this.arrivals;
    const position = {
      identity: this.identity,
      removals: this.removals,
      records: arrivals?.records.length ?? 0,
      changes: arrivals?.changes.length ?? 0,
    };
    const holds =
      arrivals !== undefined &&
      from !== undefined &&
      from.identity === this.identity &&
      from.removals === this.removals &&
      from.records <= position.records &&
      from.changes <= position.changes;
    return holds
      ? {
          position,
          arrived: {
            records: arrivals.records.slice(from.records),
            changes: arrivals.changes.slice(from.changes),
          },
          fromStart: false,
        }
      : { position, arrived: { records: this.ordered, changes: this.changes() }, fromStart: true };
  }

  /** Every reference used without a record (see {@link reserve}). */
  reservedRefs(): string[] {
    return [...this.reserved];
  }

  has(ref: string): boolean {
    return this.byRef.has(ref);
  }

  /** True for a reference used without a record (see {@link reserve}). */
  isReserved(ref: string): boolean {
    return this.reserved.has(ref);
  }

  /** Every record, oldest first. The records themselves: callers must copy what they hand out. */
  all(): readonly AlertRecord[] {
    return this.ordered;
  }

  /** The record with this reference, as written (upper case). */
  withRef(ref: string): AlertRecord | undefined {
    return this.byRef.get(ref);
  }

  /** The latest record whose alert ID, upper-cased, is `upperCaseAlertId`. */
  latestWithAlertId(upperCaseAlertId: string): AlertRecord | undefined {
    return this.byAlertId.get(upperCaseAlertId)?.at(-1);
  }

  /** Every record whose alert ID, upper-cased, is `upperCaseAlertId`, oldest first. */
  withAlertId(upperCaseAlertId: string): readonly AlertRecord[] {
    return this.byAlertId.get(upperCaseAlertId) ?? [];
  }

  withRequest(requestId: string): AlertRecord | undefined {
    return this.byRequest.get(requestId);
  }

  /** The reference after the highest of `year` in the index. */
  nextRef(year: number): string {
    return formatRef(year, (this.highest.get(year) ?? 0) + 1);
  }
}
