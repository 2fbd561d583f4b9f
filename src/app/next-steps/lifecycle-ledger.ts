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
 * yet waits for it, so the order the lines come in does not matter.
 *
 * @example
 *   const lifecycles = new LifecycleLedger([]);
 *   lifecycles.add(await alerts.list(), await alerts.changes());
 *   lifecycles.all()[0]?.status; // 'closed'
 */
export class LifecycleLedger {
  /** By reference, in the order the alerts came (oldest first within a reading; an older year's may come later). */
  private readonly alerts = new Map<string, AlertLifecycleTimes>();
  /** Changes of alerts not here yet, by reference. */
  private readonly waiting = new Map<string, AlertChange[]>();

  /** @param vipUsers SOCBOT_VIP_USERS: part of an alert's kind. */
  constructor(private readonly vipUsers: readonly string[]) {}

  /** Adds new alerts (one already here is kept as it is) and folds changes in, in the order given. */
  add(records: readonly AlertRecord[], changes: readonly AlertChange[]): void {
    for (const record of records) {
      if (this.alerts.has(record.ref)) continue;
      this.alerts.set(record.ref, {
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
      for (const change of this.waiting.get(record.ref) ?? []) this.fold(change);
      this.waiting.delete(record.ref);
    }
    for (const change of changes) this.fold(change);
  }

  /** Every alert, in the order it came; the ledger's own objects (copy what is handed out). */
  all(): readonly AlertLifecycleTimes[] {
    return [...this.alerts.values()];
  }

  private fold(change: AlertChange): void {
    const alert = this.alerts.get(change.change);
    if (!alert) {
      const waiting = this.waiting.get(change.change) ?? [];
      waiting.push(change);
      this.waiting.set(change.change, waiting);
      return;
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
  }
}
