import type { HistoricAlert } from './alert-history';
import type { AlertKind } from './alert-kind';
import type { Similarity } from './similarity-levels';
import { SIMILARITY_LEVELS } from './similarity-levels';

/** Among the alerts that were at one step (or at the start), how many, and what came right after it. */
interface Tally {
  of: number;
  next: Map<string, number>;
}

/** The closed alerts of one kind at one level: how many, and their tallies by step (undefined: the start). */
interface Group {
  alerts: number;
  tallies: Map<string | undefined, Tally>;
}

/** What the model counts among the closed alerts similar to one at one level. */
export interface SimilarCounts {
  /** Similar closed alerts. */
  similar: number;
  /** Of them, how many were at the step asked about (at the start: how many took any step). */
  of: number;
  /** Per skill, in how many of those it came right after that step (was the first step). */
  next: ReadonlyMap<string, number>;
}

/**
 * Every alert known, with the counts the next-step model asks for kept per kind: for each
 * similarity level and kind, the closed alerts' tally of which step came right after which. An
 * alert put in again replaces what was counted for it, so a reader that follows the history
 * (the next-step advisor) updates the alerts a turn changed instead of recounting every alert,
 * and a question costs the same at 100 alerts and at 100,000.
 *
 * @example
 *   const similar = SimilarAlerts.of(history);
 *   similar.put({ ...alert, status: 'closed' });
 *   similar.countsAt(SIMILARITY_LEVELS[0], kind, 'take-alert', 'SOC-2026-0100'); // { similar: 3, of: 2, next: Map { 'close-alert' => 2 } }
 */
export class SimilarAlerts {
  /** By reference, lower case. */
  private readonly alerts = new Map<string, HistoricAlert>();
  /** By level and kind key. */
  private readonly groups = new Map<string, Group>();

  static of(history: readonly HistoricAlert[]): SimilarAlerts {
    const similar = new SimilarAlerts();
    for (const alert of history) similar.put(alert);
    return similar;
  }

  /** Puts `alert` in, in place of what was known of its reference (any case). Keeps the object: hand in a copy. */
  put(alert: HistoricAlert): void {
    const ref = alert.ref.toLowerCase();
    const before = this.alerts.get(ref);
    if (before) this.count(before, -1);
    this.alerts.set(ref, alert);
    this.count(alert, 1);
  }

  /** The alert with this reference (any case, surrounding blanks ignored). */
  find(ref: string): HistoricAlert | undefined {
    return this.alerts.get(ref.trim().toLowerCase());
  }

  /**
   * Among the closed alerts similar to `kind` at `level` other than `except` (a reference, any
   * case: the alert asked about), how many were at step `at` (undefined: the start) and what each
   * did right after it.
   */
  countsAt(level: Similarity, kind: AlertKind, at: string | undefined, except: string): SimilarCounts {
    const key = level.keyOf(kind);
    const group = key === undefined ? undefined : this.groups.get(groupName(level, key));
    if (!group) return { similar: 0, of: 0, next: new Map() };
    const tally = group.tallies.get(at);
    const counts = { similar: group.alerts, of: tally?.of ?? 0, next: new Map(tally?.next) };
    // The alert asked about teaches nothing about itself: take out what it counted.
    const itself = this.find(except);
    if (itself && itself.status === 'closed' && level.keyOf(itself.kind) === key) {
      counts.similar -= 1;
      const after = tallyContributions(itself).get(at);
      if (after) {
        counts.of -= 1;
        for (const skill of after) addTo(counts.next, skill, -1);
      }
    }
    return counts;
  }

  /** Adds (1) or takes out (-1) what a closed alert counts in each group it belongs to. */
  private count(alert: HistoricAlert, sign: 1 | -1): void {
    if (alert.status !== 'closed') return;
    const contributions = tallyContributions(alert);
    for (const level of SIMILARITY_LEVELS) {
      const key = level.keyOf(alert.kind);
      if (key === undefined) continue;
      const name = groupName(level, key);
      const group = this.groups.get(name) ?? { alerts: 0, tallies: new Map<string | undefined, Tally>() };
      this.groups.set(name, group);
      group.alerts += sign;
      for (const [at, after] of contributions) {
        const tally = group.tallies.get(at) ?? { of: 0, next: new Map<string, number>() };
        group.tallies.set(at, tally);
        tally.of += sign;
        for (const skill of after) addTo(tally.next, skill, sign);
        if (tally.of === 0) group.tallies.delete(at);
      }
      if (group.alerts === 0) this.groups.delete(name);
    }
  }
}

function groupName(level: Similarity, key: string): string {
  return `${level.name} ${key}`;
}

/**
 * What one alert counts: for the start (undefined: its first step, when it took any) and for each
 * step it took, the steps that came right after it (each once, however often).
 */
function tallyContributions(alert: HistoricAlert): Map<string | undefined, Set<string>> {
  const skills = alert.steps.map((step) => step.skill);
  const contributions = new Map<string | undefined, Set<string>>();
  const first = skills[0];
  if (first !== undefined) contributions.set(undefined, new Set([first]));
  skills.forEach((skill, index) => {
    const after = contributions.get(skill) ?? new Set<string>();
    const following = skills[index + 1];
    if (following !== undefined) after.add(following);
    contributions.set(skill, after);
  });
  return contributions;
}

function addTo(counts: Map<string, number>, skill: string, by: number): void {
  const count = (counts.get(skill) ?? 0) + by;
  if (count === 0) counts.delete(skill);
  else counts.set(skill, count);
}
