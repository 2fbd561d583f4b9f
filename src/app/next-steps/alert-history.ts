import type { AuditEntry } from '../../audit/audit-entry';
import type { AuditTrail } from '../../audit/audit-trail';
import type { AlertChange, AlertStatus } from '../../store/alert-change';
import type { AlertRecord } from '../../store/alert-register';
import type { AlertStore } from '../../store/alert-store';
import { alertKindOf, type AlertKind } from './alert-kind';
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
  const ledger = new StepLedger();
  ledger.add(entries);
  return alertHistoryWith(records, changes, vipUsers, ledger);
}

/**
 * The history of `records` with the steps a ledger has read from the audit trail: for a reader
 * that follows the trail instead of reading it whole (the next-step advisor).
 *
 * @example
 *   ledger.add(await audit.entriesAfter(ledger.lastSeq));
 *   alertHistoryWith(await alerts.list(), await alerts.changes(), [], ledger);
 */
export function alertHistoryWith(
  records: readonly AlertRecord[],
  changes: readonly AlertChange[],
  vipUsers: readonly string[],
  ledger: StepLedger,
): HistoricAlert[] {
  return lifecyclesOf(records, changes, vipUsers).map((alert) => ({
    ...alert,
    steps: ledger.stepsOf(alert.ref),
  }));
}

/** The register's alerts with their lifecycle times, oldest first. */
function lifecyclesOf(
  records: readonly AlertRecord[],
  changes: readonly AlertChange[],
  vipUsers: readonly string[],
): HistoricAlert[] {
  const alerts = new Map<string, HistoricAlert>();
  for (const record of records) {
    alerts.set(record.ref, {
      ref: record.ref,
      kind: alertKindOf(record, vipUsers),
      priority: record.priority,
      status: 'registered',
      createdAt: record.createdAt,
      acknowledgedAt: null,
      acknowledgedBy: null,
      closedAt: null,
      closedBy: null,
      steps: [],
    });
  }
  for (const change of changes) {
    const alert = alerts.get(change.change);
    if (!alert) continue;
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
  return [...alerts.values()];
}
