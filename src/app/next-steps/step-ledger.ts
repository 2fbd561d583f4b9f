import type { AuditEntry } from '../../audit/audit-entry';
import type { AlertChangeAction } from '../../store/alert-change';

/** One command run on an alert: the skill, when and by whom (the audit actor's name, else id). */
export interface StepTaken {
  skill: string;
  at: string;
  by: string;
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

/** A step as the ledger keeps it: with its entry's seq, so a later entry can take it back. */
interface LedgerStep extends StepTaken {
  seq: number;
}

/**
 * The steps taken on each alert, read from the audit trail entry by entry as it grows, so a reader
 * that follows the trail (the next-step advisor) reads each entry once. A step is a skill's
 * `result` entry naming the alert (not a refused one), or a lifecycle change audited without a
 * skill (a card's button). A change a skill made is that skill's step already: its `command`
 * entry comes before the skill's result (same request id), so it counts as a button's step until
 * that result arrives and is then taken back, which gives what reading the whole trail at once
 * gives, whatever batches the entries come in. A change audited without a request id is a
 * button's step (no skill's result can claim it).
 *
 * It keeps, for as long as the process runs, the steps of every alert and the request ids of
 * every skill's result and of every change without one (a few dozen bytes each): what the whole
 * trail read at once held for a moment, kept so that the next entries are read alone.
 *
 * @example
 *   const ledger = new StepLedger();
 *   ledger.add(await audit.entriesAfter(ledger.lastSeq));
 *   ledger.stepsOf('SOC-2026-0001'); // [{ skill: 'take-alert', at: '…', by: 'Ana' }, …]
 */
export class StepLedger {
  /** Steps by alert reference (lower case), oldest first. */
  private readonly steps = new Map<string, LedgerStep[]>();
  /** Request ids that have a skill's result entry. */
  private readonly skillRequests = new Set<string>();
  /** Steps counted for a change without a skill's result yet, by request id: taken back if one comes. */
  private readonly changesWithoutResult = new Map<string, { ref: string; seq: number }[]>();
  private last = 0;

  /** The seq of the last entry added (0 before any). */
  get lastSeq(): number {
    return this.last;
  }

  /**
   * Adds the entries after the last one added, in seq order (older or repeated ones are skipped).
   * Returns the references (lower case) of the alerts whose steps changed.
   */
  add(entries: readonly AuditEntry[]): Set<string> {
    const changed = new Set<string>();
    for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
      if (entry.seq <= this.last) continue;
      this.addOne(entry, changed);
      this.last = entry.seq;
    }
    return changed;
  }

  /** The steps taken on `ref` (any case), oldest first; a new array. */
  stepsOf(ref: string): StepTaken[] {
    return (this.steps.get(ref.toLowerCase()) ?? []).map(({ skill, at, by }) => ({ skill, at, by }));
  }

  private addOne(entry: AuditEntry, changed: Set<string>): void {
    const request = requestOf(entry);
    if (isSkillResult(entry) && request !== undefined) {
      this.skillRequests.add(request);
      for (const counted of this.changesWithoutResult.get(request) ?? []) {
        if (this.takeBack(counted.ref, counted.seq)) changed.add(counted.ref);
      }
      this.changesWithoutResult.delete(request);
    }
    // An entry's fields are data: a malformed one is no step, and never stops the entries after it.
    const ref = typeof entry.alertRef === 'string' ? entry.alertRef.toLowerCase() : undefined;
    const skill = ref ? this.stepOf(entry, request) : undefined;
    if (!ref || !skill || !isStep(skill)) return;
    const steps = this.steps.get(ref) ?? [];
    steps.push({ skill, at: entry.at, by: entry.actor.name ?? entry.actor.id, seq: entry.seq });
    this.steps.set(ref, steps);
    changed.add(ref);
    if (!isSkillResult(entry) && request !== undefined) {
      const counted = this.changesWithoutResult.get(request) ?? [];
      counted.push({ ref, seq: entry.seq });
      this.changesWithoutResult.set(request, counted);
    }
  }

  /** The skill an audit entry records as run on its alert, or undefined for anything else. */
  private stepOf(entry: AuditEntry, request: string | undefined): string | undefined {
    if (isSkillResult(entry)) return entry.result === 'refused' ? undefined : (entry.details.skill as string);
    // A change a skill made is its result's step already; one made by a card's button is a step of its own.
    const change = entry.details.change;
    if (entry.action === 'command' && typeof change === 'string' && change in SKILL_OF_CHANGE) {
      return request !== undefined && this.skillRequests.has(request)
        ? undefined
        : SKILL_OF_CHANGE[change as AlertChangeAction];
    }
    return undefined;
  }

  /** Takes back the step entry `seq` counted on `ref`; false when there was none. */
  private takeBack(ref: string, seq: number): boolean {
    const steps = this.steps.get(ref);
    const index = steps?.findIndex((step) => step.seq === seq) ?? -1;
    if (!steps || index < 0) return false;
    steps.splice(index, 1);
    return true;
  }
}

function isSkillResult(entry: AuditEntry): boolean {
  return entry.action === 'result' && typeof entry.details.skill === 'string';
}

function requestOf(entry: AuditEntry): string | undefined {
  const id = entry.details.requestId;
  return typeof id === 'string' ? id : undefined;
}
