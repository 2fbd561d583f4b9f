import type { NextStepLine } from '../../store/next-step-log';
import { kindLabel } from './alert-kind';
import type { HistoricAlert } from './alert-history';

/** How often one sequence of commands worked an alert of a kind to its close. */
export interface SequenceCount {
  steps: string[];
  count: number;
}

/** The usual command sequences of one alert kind (closed alerts only). */
export interface KindSequences {
  /** `PRD · Debugging in production · technical` (kindLabel). */
  kind: string;
  closedAlerts: number;
  /** The five most frequent, most first, ties by their text. */
  sequences: SequenceCount[];
}

/** Suggestions shown and accepted (a suggestion pressed twice counts once). */
export interface AcceptanceFigures {
  shown: number;
  accepted: number;
  /** accepted / shown, three decimals; null when nothing was shown. */
  rate: number | null;
}

/** A mean time in minutes over `alerts` alerts, one decimal. */
export interface MeanTime {
  alerts: number;
  meanMinutes: number;
}

/** `socbot insights --json`: every figure, deterministic for a given history. */
export interface Insights {
  /** The --since date (ISO), or null for all history. */
  since: string | null;
  alerts: number;
  kinds: KindSequences[];
  acceptance: AcceptanceFigures & { bySkill: Array<AcceptanceFigures & { skill: string }> };
  /** Registered → first lead (taken or assigned): when someone owned the alert. */
  timeToAcknowledge: { byPriority: Record<string, MeanTime>; byAnalyst: Record<string, MeanTime> };
  /** Registered → closed, for alerts closed now (by who closed them). */
  timeToClose: { byPriority: Record<string, MeanTime>; byAnalyst: Record<string, MeanTime> };
}

const TOP_SEQUENCES = 5;

/**
 * The SOC figures of a history: per alert kind the usual command sequences, the acceptance of the
 * suggested next steps, and the mean times to acknowledge and to close per priority and per
 * analyst. `since` keeps alerts registered, and suggestions shown, from then on.
 *
 * @example
 *   computeInsights(await readAlertHistory(dataDir, [], app.audit), await new NextStepLog(dataDir).read(), null);
 */
export function computeInsights(
  history: readonly HistoricAlert[],
  suggestionLines: readonly NextStepLine[],
  since: Date | null,
): Insights {
  const from = since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const alerts = history.filter((alert) => Date.parse(alert.createdAt) >= from);
  return {
    since: since ? since.toISOString() : null,
    alerts: alerts.length,
    kinds: kindSequences(alerts),
    acceptance: acceptance(suggestionLines, from),
    timeToAcknowledge: {
      byPriority: meanTimes(
        alerts,
        (a) => a.acknowledgedAt,
        (a) => a.priority,
      ),
      byAnalyst: meanTimes(
        alerts,
        (a) => a.acknowledgedAt,
        (a) => a.acknowledgedBy,
      ),
    },
    timeToClose: {
      byPriority: meanTimes(
        alerts,
        (a) => a.closedAt,
        (a) => a.priority,
      ),
      byAnalyst: meanTimes(
        alerts,
        (a) => a.closedAt,
        (a) => a.closedBy,
      ),
    },
  };
}

function kindSequences(alerts: readonly HistoricAlert[]): KindSequences[] {
  const byKind = new Map<string, Map<string, SequenceCount>>();
  const closedCount = new Map<string, number>();
  for (const alert of alerts.filter((candidate) => candidate.status === 'closed')) {
    const kind = kindLabel(alert.kind);
    closedCount.set(kind, (closedCount.get(kind) ?? 0) + 1);
    const sequences = byKind.get(kind) ?? new Map<string, SequenceCount>();
    byKind.set(kind, sequences);
    const steps = alert.steps.map((step) => step.skill);
    const key = steps.join(' → ');
    const counted = sequences.get(key) ?? { steps, count: 0 };
    counted.count += 1;
    sequences.set(key, counted);
  }
  return [...byKind.entries()]
    .map(([kind, sequences]) => ({
      kind,
      closedAlerts: closedCount.get(kind) ?? 0,
      sequences: [...sequences.entries()]
        .sort(([textA, a], [textB, b]) => b.count - a.count || compareText(textA, textB))
        .slice(0, TOP_SEQUENCES)
        .map(([, counted]) => counted),
    }))
    .sort((a, b) => b.closedAlerts - a.closedAlerts || compareText(a.kind, b.kind));
}

function acceptance(lines: readonly NextStepLine[], from: number): Insights['acceptance'] {
  const shown = new Map<string, string>();
  for (const line of lines) {
    if ('shown' in line && Date.parse(line.at) >= from) shown.set(line.shown, line.skill);
  }
  const accepted = new Set(
    lines.flatMap((line) => ('accepted' in line && shown.has(line.accepted) ? [line.accepted] : [])),
  );
  const skills = [...new Set(shown.values())].sort(compareText);
  const figures = (ids: string[]): AcceptanceFigures => {
    const taken = ids.filter((id) => accepted.has(id)).length;
    return {
      shown: ids.length,
      accepted: taken,
      rate: ids.length === 0 ? null : round(taken / ids.length, 3),
    };
  };
  const ids = [...shown.keys()];
  return {
    ...figures(ids),
    bySkill: skills.map((skill) => ({ skill, ...figures(ids.filter((id) => shown.get(id) === skill)) })),
  };
}

/** Mean minutes from registration to `end`, grouped by `group`; alerts without an end or group are left out. */
function meanTimes(
  alerts: readonly HistoricAlert[],
  end: (alert: HistoricAlert) => string | null,
  group: (alert: HistoricAlert) => string | null,
): Record<string, MeanTime> {
  const sums = new Map<string, { total: number; alerts: number }>();
  for (const alert of alerts) {
    const ended = end(alert);
    const key = group(alert);
    if (ended === null || key === null) continue;
    const sum = sums.get(key) ?? { total: 0, alerts: 0 };
    sum.total += (Date.parse(ended) - Date.parse(alert.createdAt)) / 60_000;
    sum.alerts += 1;
    sums.set(key, sum);
  }
  return Object.fromEntries(
    [...sums.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([key, sum]) => [key, { alerts: sum.alerts, meanMinutes: round(sum.total / sum.alerts, 1) }]),
  );
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Locale-independent order, so the output is the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
