import type { AuditEntry } from '../../audit/audit-entry';
import type { AuditTrail } from '../../audit/audit-trail';
import type { AlertChange, AlertStatus } from '../../store/alert-change';
import type { AlertRecord } from '../../store/alert-register';
import type { AlertStore } from '../../store/alert-store';
import type { AlertKind } from './alert-kind';
import { LifecycleLedger, type AlertLifecycleTimes } from './lifecycle-ledger';
import { StepLedger, type StepTaken } from './step-ledger';

/** An alert as the next-step model and `socbot insights` see it: its kind, its lifecycle times and its steps. */
export interface HistoricAlert {
  ref: string;
  kind: AlertKind;
  priority: string;
  status: AlertStatus;
  createdAt: string;
  /** When someone first took the lead (a `lead` change: take or assign), and who; null before. */
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** The last close of an alert that is closed now, and who closed it; null while it is not closed. */
  closedAt: string | null;
  closedBy: string | null;
  /** The commands run on it, oldest first (looking it up and registering it are not steps). */
  steps: StepTaken[];
}

/**
 * Every registered alert with its kind, lifecycle times and the commands run on it, read from the
 * alert store (alerts.jsonl or PostgreSQL) and the audit trail without writing either. A step is a
 * skill's `result` entry naming the alert (not a refused one), or a lifecycle change audited
 * without a skill (a card's button): the timeline's own sources.
 *
 * @example
 *   const history = await readAlertHistory(store.alerts, ['BOSS'], app.audit);
 *   history.filter((alert) => alert.status === 'closed').map((alert) => alert.steps.map((s) => s.skill));
 */
export async function readAlertHistory(
  alerts: Pick<AlertStore, 'list' | 'changes'>,
  vipUsers: readonly string[],
  audit: Pick<AuditTrail, 'entries'>,
): Promise<HistoricAlert[]> {
  const [records, changes, entries] = await Promise.all([alerts.list(), alerts.changes(), audit.entries()]);
  return alertHistoryOf(records, changes, vipUsers, entries);
}

/**
 * The history of `records` given their change lines (oldest first) and the audit entries: what
 * {@link readAlertHistory} computes, for a caller that read them already.
 *
 * @example
 *   alertHistoryOf(await alerts.list(), await alerts.changes(), [], await audit.entries());
 */
export function alertHistoryOf(
  records: readonly AlertRecord[],
  changes: readonly AlertChange[],
  vipUsers: readonly string[],
  entries: readonly AuditEntry[],
): HistoricAlert[] {
  const lifecycles = new LifecycleLedger(vipUsers);
  lifecycles.add(records, changes);
  const steps = new StepLedger();
  steps.add(entries);
  return alertHistoryWith(lifecycles, steps);
}

/**
 * The history the two ledgers hold: the register's alerts with their lifecycle times, and the
 * steps read from the audit trail, for a reader that follows both as they grow (the next-step
 * advisor). New objects: the caller may keep them while the ledgers go on.
 *
 * @example
 *   lifecycles.add(reading.records, reading.changes);
 *   steps.add(await audit.entriesAfter(steps.lastSeq));
 *   alertHistoryWith(lifecycles, steps);
 */
export function alertHistoryWith(lifecycles: LifecycleLedger, steps: StepLedger): HistoricAlert[] {
  return lifecycles.all().map((alert) => historicAlertWith(alert, steps));
}

/** One alert of the history the two ledgers hold: a new object, like {@link alertHistoryWith}'s. */
export function historicAlertWith(lifecycle: AlertLifecycleTimes, steps: StepLedger): HistoricAlert {
  return { ...lifecycle, kind: { ...lifecycle.kind }, steps: steps.stepsOf(lifecycle.ref) };
}
