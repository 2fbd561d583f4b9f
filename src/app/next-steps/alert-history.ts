import type { AuditEntry } from '../../audit/audit-entry';
import type { AuditTrail } from '../../audit/audit-trail';
import type { AlertChange, AlertChangeAction, AlertStatus } from '../../store/alert-change';
import type { AlertRecord } from '../../store/alert-register';
import type { AlertStore } from '../../store/alert-store';
import { alertKindOf, type AlertKind } from './alert-kind';

/** One command run on an alert: the skill, when and by whom (the audit actor's name, else id). */
export interface StepTaken {
  skill: string;
  at: string;
  by: string;
}

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
 * Skills that are no step of working an alert: registering creates it, and looking it up is where
 * the next steps are shown.
 */
const NOT_STEPS: ReadonlySet<string> = new Set(['register-alert', 'lookup-alert']);

/** Whether running `skill` on an alert is a step of working it (a look-up or registering is not). */
export function isStep(skill: string): boolean {
  return !NOT_STEPS.has(skill);
}

/** The skill a lifecycle change made without a skill's form (the SIEM card's "False positive") stands for. */
const SKILL_OF_CHANGE: Record<AlertChangeAction, string> = {
  lead: 'take-alert',
  note: 'note-alert',
  contain: 'contain-alert',
  close: 'close-alert',
  reopen: 'reopen-alert',
};

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
  const alerts = lifecyclesOf(records, changes, vipUsers);
  const byRef = new Map(alerts.map((alert) => [alert.ref.toLowerCase(), alert]));
  const skillRequests = new Set(entries.filter(isSkillResult).map(requestOf));
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    const alert = byRef.get(entry.alertRef?.toLowerCase() ?? '');
    const skill = alert ? stepOf(entry, skillRequests) : undefined;
    if (alert && skill && isStep(skill)) {
      alert.steps.push({ skill, at: entry.at, by: entry.actor.name ?? entry.actor.id });
    }
  }
  return alerts;
}

/** The skill an audit entry records as run on its alert, or undefined for anything else. */
function stepOf(entry: AuditEntry, skillRequests: ReadonlySet<string | undefined>): string | undefined {
  if (isSkillResult(entry)) return entry.result === 'refused' ? undefined : (entry.details.skill as string);
  // A change a skill made is its result's step already; one made by a card's button is a step of its own.
  const change = entry.details.change;
  if (entry.action === 'command' && typeof change === 'string' && change in SKILL_OF_CHANGE) {
    return skillRequests.has(requestOf(entry)) ? undefined : SKILL_OF_CHANGE[change as AlertChangeAction];
  }
  return undefined;
}

function isSkillResult(entry: AuditEntry): boolean {
  return entry.action === 'result' && typeof entry.details.skill === 'string';
}

function requestOf(entry: AuditEntry): string | undefined {
  const id = entry.details.requestId;
  return typeof id === 'string' ? id : undefined;
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
