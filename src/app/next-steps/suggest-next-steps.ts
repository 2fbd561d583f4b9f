import type { AlertStatus } from '../../store/alert-change';
import type { AlertKind } from './alert-kind';
import type { SimilarAlerts } from './similar-alerts';
import { SIMILARITY_LEVELS, type SimilarityLevel } from './similarity-levels';
import { makesSenseNow } from './step-sense';

/** A step the analyst may take now, with the words that ask for it on this alert. */
export interface StepOption {
  skill: string;
  utterance: string;
}

/** One suggested next step: what it is, what pressing it sends, and why it is offered. */
export interface NextStep {
  skill: string;
  /** Sent as the analyst's message when the button is pressed. */
  utterance: string;
  /** "analysts did this next in 7 of 9 similar alerts on PRD with pattern 'Debugging in production'". */
  because: string;
  /** The counts behind `because`; null for the static fallback. */
  support: { count: number; of: number; level: SimilarityLevel } | null;
}

/** What the model is asked: the alert as it stands, the history, and what the analyst may do. */
export interface NextStepQuestion {
  alert: { ref: string; kind: AlertKind; status: AlertStatus; done: readonly string[] };
  /** Every alert known (`SimilarAlerts.of(history)`); only closed ones other than this alert are learned from. */
  history: SimilarAlerts;
  /** What the analyst may do (their roles allow it), in the order the fallback offers them. */
  options: readonly StepOption[];
  /** At most this many steps (default 3). */
  limit?: number;
  /** A step is offered only when at least this many similar alerts did it next (default 2). */
  minSupport?: number;
}

/** Why the static list is offered when no similar closed alert exists. */
export const NO_HISTORY_BECAUSE = 'no similar closed alerts yet';
/** Why it is offered when similar alerts exist but none did any allowed step often enough. */
export const TOO_LITTLE_HISTORY_BECAUSE = 'too few similar closed alerts agree on a next step yet';

/**
 * Up to three next steps for an alert, learned from closed alerts of the same kind: a first-order
 * sequence model that counts, in similar closed alerts, which step analysts took right after the
 * step this alert is at (its last step done; before any, their first step). Each similar alert
 * counts once per step; a step needs `minSupport` alerts; most alerts first, ties by skill name
 * (the counts are kept by SimilarAlerts, so asking does not walk the history).
 * Similarity backs off from pattern + system + user type to pattern + system, pattern, then system,
 * the closer matches' steps first. Only `options` that make sense now (step-sense.ts) are offered;
 * with nothing learned, the options themselves in their order ("no similar closed alerts yet").
 *
 * @example
 *   suggestNextSteps({ alert: { ref, kind, status: 'registered', done: [] }, history: SimilarAlerts.of(history), options });
 *   // [{ skill: 'take-alert', utterance: "I'll take SOC-2026-0009",
 *   //    because: "analysts did this first in 3 of 4 similar alerts on PRD with pattern 'Debugging in production'", … }]
 */
export function suggestNextSteps(question: NextStepQuestion): NextStep[] {
  const { alert, history, options } = question;
  const limit = question.limit ?? 3;
  const minSupport = question.minSupport ?? 2;
  const allowed = options.filter((option) => makesSenseNow(option.skill, alert.status, alert.done));
  const context = alert.done.at(-1);
  const chosen: NextStep[] = [];
  let similarSeen = 0;
  for (const level of SIMILARITY_LEVELS) {
    const { similar, of, next } = history.countsAt(level, alert.kind, context, alert.ref);
    similarSeen += similar;
    const ranked = [...next.entries()]
      .filter(([, count]) => count >= minSupport)
      .sort(([skillA, a], [skillB, b]) => b - a || (skillA < skillB ? -1 : skillA > skillB ? 1 : 0));
    for (const [skill, count] of ranked) {
      const option = allowed.find((candidate) => candidate.skill === skill);
      if (!option || chosen.length >= limit || chosen.some((step) => step.skill === skill)) continue;
      chosen.push({
        ...option,
        because: `analysts did this ${context === undefined ? 'first' : 'next'} in ${count} of ${of} similar alerts ${level.describe(alert.kind)}`,
        support: { count, of, level: level.name },
      });
    }
  }
  if (chosen.length > 0) return chosen;
  const because = similarSeen === 0 ? NO_HISTORY_BECAUSE : TOO_LITTLE_HISTORY_BECAUSE;
  return allowed.slice(0, limit).map((option) => ({ ...option, because, support: null }));
}
