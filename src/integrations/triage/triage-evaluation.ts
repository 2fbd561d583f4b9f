import { ALERT_CLASSIFICATIONS, type AlertClassification } from '../../store/alert-change';
import { TRIAGE_RATINGS, type StoredTriage, type TriageRating } from '../../store/triage-log';

/** Agreement of the model with the analysts over some closed alerts. */
export interface Agreement {
  /** Alerts triaged (latest run in the period). */
  triaged: number;
  /** Of those, closed by an analyst with a classification. */
  closed: number;
  /** Closed ones where the model's classification was the analyst's. */
  agreed: number;
  /** agreed / closed, null when nothing was closed. */
  agreement: number | null;
}

/** How often the model was right at one confidence level: a calibrated model is right more often when surer. */
export interface CalibrationBucket {
  confidence: number;
  closed: number;
  agreed: number;
  accuracy: number;
}

/** `socbot triage evaluate`: the model against the analysts' final classifications. */
export interface TriageEvaluation extends Agreement {
  /** ISO date the period starts, null for everything. */
  since: string | null;
  /** rows: the analysts' final classification; columns: the model's; in ALERT_CLASSIFICATIONS order. */
  confusion: { labels: AlertClassification[]; matrix: number[][] };
  /** One bucket per confidence value that occurs among closed alerts, ascending. */
  calibration: CalibrationBucket[];
  /** Feedback presses on the triages of the period, by rating. */
  feedback: Record<TriageRating, number>;
  /** Agreement per log type (SIEM source; `unknown` for chat-registered alerts), per model, per instruction file. */
  byLogType: Record<string, Agreement>;
  byModel: Record<string, Agreement>;
  byInstructionFile: Record<string, Agreement>;
  /** Damaged lines of triage.jsonl that were skipped. */
  skippedLines: number;
}

/**
 * Compares each alert's latest triage (triaged on or after `since`) with the classification the
 * analyst closed it with. Deterministic: the result depends only on the history given (keys sorted).
 *
 * @example
 *   const report = evaluateTriage((await store.triage.read()), { since: '2026-12-01' });
 *   report.agreement; // 0.75
 */
export function evaluateTriage(
  history: { triages: StoredTriage[]; skippedLines: number },
  options: { since?: string } = {},
): TriageEvaluation {
  const since = options.since ?? null;
  const triages = history.triages.filter((triage) => since === null || triage.at >= since);
  const labels = [...ALERT_CLASSIFICATIONS];
  const matrix = labels.map(() => labels.map(() => 0));
  const calibration = new Map<number, { closed: number; agreed: number }>();
  const feedback = Object.fromEntries(TRIAGE_RATINGS.map((rating) => [rating, 0])) as Record<
    TriageRating,
    number
  >;
  for (const triage of triages) {
    for (const press of triage.feedback) feedback[press.rating] += 1;
    if (!triage.finalClassification) continue;
    const row = labels.indexOf(triage.finalClassification);
    const column = labels.indexOf(triage.classification);
    const cells = matrix[row];
    if (cells && column >= 0) cells[column] = (cells[column] ?? 0) + 1;
    const bucket = calibration.get(triage.confidence) ?? { closed: 0, agreed: 0 };
    bucket.closed += 1;
    if (triage.classification === triage.finalClassification) bucket.agreed += 1;
    calibration.set(triage.confidence, bucket);
  }
  return {
    since,
    ...agreementOf(triages),
    confusion: { labels, matrix },
    calibration: [...calibration.entries()]
      .sort(([a], [b]) => a - b)
      .map(([confidence, { closed, agreed }]) => ({ confidence, closed, agreed, accuracy: agreed / closed })),
    feedback,
    byLogType: groupedAgreement(triages, (triage) => triage.logType ?? 'unknown'),
    byModel: groupedAgreement(triages, (triage) => triage.model),
    byInstructionFile: groupedAgreement(triages, (triage) => triage.instructionFile),
    skippedLines: history.skippedLines,
  };
}

function agreementOf(triages: readonly StoredTriage[]): Agreement {
  const closed = triages.filter((triage) => triage.finalClassification);
  const agreed = closed.filter((triage) => triage.classification === triage.finalClassification).length;
  return {
    triaged: triages.length,
    closed: closed.length,
    agreed,
    agreement: closed.length > 0 ? agreed / closed.length : null,
  };
}

function groupedAgreement(
  triages: readonly StoredTriage[],
  keyOf: (triage: StoredTriage) => string,
): Record<string, Agreement> {
  const groups = new Map<string, StoredTriage[]>();
  for (const triage of triages) groups.set(keyOf(triage), [...(groups.get(keyOf(triage)) ?? []), triage]);
  return Object.fromEntries(
    [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, group]) => [key, agreementOf(group)]),
  );
}
