import type { AlertChange } from '../../store/alert-change';
import type { AlertRecord } from '../../store/alert-register';
import { alertKindOf } from './alert-kind';
import type { HistoricAlert } from './alert-history';

/** An alert's history without its steps (those come from the audit trail: StepLedger). */
export type AlertLifecycleTimes = Omit<HistoricAlert, 'steps'>;

/**
 * Every registered alert with its kind, status and lifecycle times, fed the register's records and
 * change lines as they come (all at once, or what `AlertStore.readOn` found since the last time):
 * the reader that follows the register folds each line once. A change whose alert has not come
 * yet waits for it, so the order the lines come in does not matter. References are matched in any
 * case, as an analyst types them.
 *
 * @example
 *   const lifecycles = new LifecycleLedger([]);
 *   lifecycles.add(await alerts.list(), await alerts.changes());
 *   lifecycles.all()[0]?.status; // 'closed'
 */
export class LifecycleLedger {
  /** By reference (lower case), in the order the alerts came (oldest first within a reading; an older year's may come later). */
  private readonly alerts = new Map<string, AlertLifecycleTimes>();
  /** Changes of alerts not here yet, by reference (lower case). */
  private readonly waiting = new Map<string, AlertChange[]>();

  /** @param vipUsers SOCBOT_VIP_USERS: part of an alert's kind. */
  constructor(private readonly vipUsers: readonly string[]) {}

  /**
   * Adds new alerts (one already here is kept as it is) and folds changes in, in the order given.
   * Returns the references (lower case) of the alerts that came or changed.
   */
  add(records: readonly AlertRecord[], changes: readonly AlertChange[]): Set<string> {
    const touched = new Set<string>();
    for (const record of records) {
      const ref = record.ref.toLowerCase();
      if (this.alerts.has(ref)) continue;
      touched.add(ref);
      this.alerts.set(ref, {
        ref: record.ref,
        kind: alertKindOf(record, this.vipUsers),
        priority: record.priority,
        status: 'registered',
        createdAt: record.createdAt,
        acknowledgedAt: null,
        acknowledgedBy: null,
        closedAt: null,
        closedBy: null,
      });
      for (const change of this.waiting.get(ref) ?? []) this.fold(change);
      this.waiting.delete(ref);
    }
    for (const change of changes) if (this.fold(change)) touched.add(change.change.toLowerCase());
    return touched;
  }

  /** The alert with this reference (any case), or undefined; the ledger's own object (copy what is handed out). */
  get(ref: string): AlertLifecycleTimes | undefined {
    return this.alerts.get(ref.toLowerCase());
  }

  /** Every alert, in the order it came; the ledger's own objects (copy what is handed out). */
  all(): readonly AlertLifecycleTimes[] {
    return [...this.alerts.values()];
  }

  /** Folds a change into its alert; false when the alert has not come yet (the change waits for it). */
  private fold(change: AlertChange): boolean {
    const ref = change.change.toLowerCase();
    const alert = this.alerts.get(ref);
    if (!alert) {
      const waiting = this.waiting.get(ref) ?? [];
      waiting.push(change);
      this.waiting.set(ref, waiting);
      return false;
    }
    alert.status = change.to;
    if (change.action === 'lead' && alert.acknowledgedAt === null) {
      alert.acknowledgedAt = change.at;
      alert.acknowledgedBy = change.leadName ?? change.lead ?? change.by;
    }
    if (change.action === 'close' || change.action === 'reopen') {
      alert.closedAt = change.action === 'close' ? change.at : null;
      alert.closedBy = change.action === 'close' ? change.by : null;
    }
    return true;
  }
}
