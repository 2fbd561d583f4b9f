import { z } from 'zod';
import { ALERT_CLASSIFICATIONS, type AlertClassification } from './alert-change';
import { logsIn, type LogsSource } from './file-logs';
import type { JsonLinesLog } from './json-lines-log';

/** The AI triage history in the data directory. */
export const TRIAGE_FILE_NAME = 'triage.jsonl';

/** The analyst's verdict on a triage card (the card's buttons). */
export const TRIAGE_RATINGS = ['unrelated', 'needs_improvement', 'almost_there', 'good'] as const;
export type TriageRating = (typeof TRIAGE_RATINGS)[number];

const classification = z.enum(ALERT_CLASSIFICATIONS);

const runSchema = z.object({
  ref: z.string().min(1),
  summary: z.string(),
  recommendation: z.enum(['close', 'investigate', 'escalate']),
  reason: z.string(),
  classification,
  severity: z.number().int().min(1).max(10),
  confidence: z.number().int().min(1).max(10),
  artifacts: z.array(z.string()),
  model: z.string(),
  at: z.string(),
  instructionFile: z.string(),
  /** The alert's log type (its SIEM source, `sap-etd`) when it was triaged: `triage evaluate` groups by it. */
  logType: z.string().optional(),
  /** The outbox job (idempotency key) that ran it: a retry of the job finds its run instead of asking again. */
  requestId: z.string().optional(),
});

/** One triage of one alert, as the model answered it (validated) and what produced it. */
export type TriageRun = z.infer<typeof runSchema>;

const feedbackSchema = z.object({
  rating: z.enum(TRIAGE_RATINGS),
  comment: z.string().optional(),
  by: z.string(),
  at: z.string(),
});

/** One analyst's feedback on the triage shown at the time. */
export type TriageFeedback = z.infer<typeof feedbackSchema>;

const lineSchema = z.union([
  z.object({ kind: z.literal('run'), run: runSchema }),
  z.object({ kind: z.literal('feedback'), ref: z.string().min(1), feedback: feedbackSchema }),
  z.object({
    kind: z.literal('final'),
    ref: z.string().min(1),
    classification,
    by: z.string(),
    at: z.string(),
  }),
]);
type TriageLine = z.infer<typeof lineSchema>;

/**
 * An alert's triage as it stands: the latest run's fields, the earlier runs, every feedback, and the
 * analyst's classification when the alert was closed (beside the model's).
 */
export interface StoredTriage extends TriageRun {
  /** Earlier runs, oldest first (a re-triage keeps them). */
  history: TriageRun[];
  feedback: TriageFeedback[];
  finalClassification?: AlertClassification;
  finalBy?: string;
  finalAt?: string;
}

/** Every alert's triage, and how many lines could not be read. */
export interface TriageHistory {
  triages: StoredTriage[];
  /** Damaged lines skipped (a cut-off write, a hand edit): counted, never fatal. */
  skippedLines: number;
}

/**
 * The AI triage history, `<dataDir>/triage.jsonl`: one line per run, feedback and final
 * classification, appended with O_DSYNC and folded per alert on read. A triage is advice, not a
 * record of an action: an unreadable line (a write cut off by a crash, a hand edit) is skipped and
 * counted instead of stopping socbot, and the next append starts on a fresh line.
 *
 * @example
 *   const log = new TriageLog(dataDir);
 *   await log.record({ ref: 'SOC-2026-0001', summary, recommendation: 'investigate', … });
 *   (await log.of('SOC-2026-0001'))?.classification; // 'false_positive'
 */
export class TriageLog {
  /** Where the log is (the file's path, or its PostgreSQL table and name), for messages. */
  readonly file: string;
  private readonly appender: JsonLinesLog;

  /** `where`: the data directory (files), or a backend's logs (PostgreSQL). */
  constructor(where: LogsSource) {
    this.appender = logsIn(where).open(TRIAGE_FILE_NAME);
    this.file = this.appender.location;
  }

  /** Stores a run; it becomes the alert's current triage. */
  async record(run: TriageRun): Promise<void> {
    await this.append({ kind: 'run', run: runSchema.parse(run) });
  }

  /** Stores feedback on the alert's triage; false when the alert has no triage. */
  async addFeedback(ref: string, feedback: TriageFeedback, run?: string): Promise<boolean> {
    const triage = await this.of(ref);
    // Feedback belongs to the run its card showed: a card of an earlier run rates nothing now.
    if (!triage || (run !== undefined && triage.at !== run)) return false;
    await this.append({ kind: 'feedback', ref, feedback: feedbackSchema.parse(feedback) });
    return true;
  }

  /**
   * Records the analyst's classification when the alert is closed; false (nothing written) when
   * the alert has no triage to compare it with.
   */
  async recordFinal(
    ref: string,
    final: { classification: AlertClassification; by: string; at: string },
  ): Promise<boolean> {
    const triage = await this.of(ref);
    if (!triage) return false;
    // The same close replayed (after a crash) is one record.
    if (triage.finalClassification === final.classification && triage.finalAt === final.at) return true;
    await this.append({ kind: 'final', ref, ...final });
    return true;
  }

  /** The alert's triage, or undefined when it has none. */
  async of(ref: string): Promise<StoredTriage | undefined> {
    return (await this.read()).triages.find((triage) => triage.ref === ref);
  }

  /** Every alert's triage in the order they were first triaged. */
  async read(): Promise<TriageHistory> {
    const { values, unreadable } = await this.appender.read();
    const byRef = new Map<string, StoredTriage>();
    let skippedLines = unreadable;
    for (const value of values) {
      const line = lineSchema.safeParse(value);
      if (!line.success) {
        skippedLines += 1;
        continue;
      }
      fold(byRef, line.data);
    }
    return { triages: [...byRef.values()], skippedLines };
  }

  /** Resolves once every write so far is on disk. */
  flush(): Promise<void> {
    return this.appender.flush();
  }

  private append(line: TriageLine): Promise<void> {
    return this.appender.append(line);
  }
}

function fold(byRef: Map<string, StoredTriage>, line: TriageLine): void {
  if (line.kind === 'run') {
    const earlier = byRef.get(line.run.ref);
    byRef.set(line.run.ref, {
      ...line.run,
      history: earlier ? [...earlier.history, runOf(earlier)] : [],
      // A new run starts without feedback: the ratings of the earlier one were about its answer.
      feedback: [],
      ...(earlier?.finalClassification
        ? {
            finalClassification: earlier.finalClassification,
            finalBy: earlier.finalBy,
            finalAt: earlier.finalAt,
          }
        : {}),
    });
    return;
  }
  const triage = byRef.get(line.ref);
  if (!triage) return;
  if (line.kind === 'feedback') triage.feedback.push(line.feedback);
  else
    Object.assign(triage, { finalClassification: line.classification, finalBy: line.by, finalAt: line.at });
}

function runOf(triage: StoredTriage): TriageRun {
  const { ref, summary, recommendation, reason, classification, severity, confidence, artifacts } = triage;
  const { model, at, instructionFile, logType, requestId } = triage;
  return {
    ...{ ref, summary, recommendation, reason, classification, severity, confidence, artifacts },
    ...{ model, at, instructionFile },
    ...(logType !== undefined ? { logType } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
}
