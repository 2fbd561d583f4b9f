import { randomUUID } from 'node:crypto';
import type { AuditTrail } from '../../audit/audit-trail';
import type { AlertStore } from '../../store/alert-store';
import type { NextStepLog } from '../../store/next-step-log';
import type { Skill } from '../../skills/types';
import type { AuditEntry } from '../../audit/audit-entry';
import type { ChainTail } from '../../audit/chained-entry';
import { GENESIS_HASH } from '../../audit/entry-hash';
import type { RegisterCursor } from '../../store/alert-store';
import { alertHistoryWith, historicAlertWith } from './alert-history';
import { LifecycleLedger } from './lifecycle-ledger';
import { SimilarAlerts } from './similar-alerts';
import { isStep, StepLedger } from './step-ledger';
import { stepOptions } from './step-options';
import { suggestNextSteps, type NextStep } from './suggest-next-steps';

/** Where an empty trail ends. */
const GENESIS: ChainTail = { seq: 0, hash: GENESIS_HASH };

/** A next step as offered: the model's suggestion with the id its button carries. */
export interface OfferedNextStep extends NextStep {
  /** `ns-<uuid>`: recorded as shown; a press of its button sends it back. */
  id: string;
}

/** Who the steps are offered to, and what they may do (their roles and the alert's rules). */
export interface NextStepAsker {
  /** The actor's id, recorded with what was shown and accepted. */
  id: string;
  /** The installed skills (the turn's registry). */
  skills: readonly Skill[];
  mayUse(skill: Skill, ref: string): Promise<boolean>;
}

/** The next steps of the running bot: offered when an alert is shown, accepted when a button is pressed. */
export interface NextStepAdvisor {
  /**
   * Up to three next steps for alert `ref` (none for an alert the register lacks), recorded as
   * shown. `justDone`: a skill that has just acted on the alert, not on record yet (its audit
   * entry is written after its reply), counted as the last step done.
   */
  offer(ref: string, asker: NextStepAsker, justDone?: string): Promise<OfferedNextStep[]>;
  /** Records that suggestion `id` was pressed by `by` (an actor id). */
  accept(id: string, by: string): Promise<void>;
}

/** What the advisor reads and writes. */
export interface NextStepAdvisorDeps {
  /** The alert register (the app's store.alerts: alerts.jsonl or PostgreSQL), read on as it grows. */
  alerts: Pick<AlertStore, 'readOn'>;
  /** The audit trail the steps are read from, as it grows. */
  audit: Pick<AuditTrail, 'entriesAfter' | 'head'>;
  /** SOCBOT_VIP_USERS: part of an alert's kind. */
  vipUsers: readonly string[];
  log: Pick<NextStepLog, 'append'>;
  now?: () => Date;
}

/**
 * The next-step advisor: the history is read from the alert store and the audit trail, each line
 * once (what was registered, changed and appended since the last offer, into a LifecycleLedger and
 * a StepLedger; the alerts they changed put anew into SimilarAlerts, which keeps the model's
 * counts), the model asked
 * (suggest-next-steps.ts), the steps the asker may not take left out, and what is offered recorded
 * in the next-step log.
 *
 * @example
 *   const advisor = createNextStepAdvisor({ alerts: store.alerts, audit, vipUsers: [], log });
 *   const steps = await advisor.offer('SOC-2026-0009', { id: actor.id, skills: registry.skills, mayUse: async () => true });
 */
export function createNextStepAdvisor(deps: NextStepAdvisorDeps): NextStepAdvisor {
  const now = deps.now ?? (() => new Date());
  /** The steps read so far, and the chain's end as read: replaced together, never half. */
  let followed: { ledger: StepLedger; read: ChainTail } = { ledger: new StepLedger(), read: GENESIS };
  /** The register as read so far, and where its reading stopped. */
  let register: { lifecycles: LifecycleLedger; cursor: RegisterCursor | undefined } = {
    lifecycles: new LifecycleLedger(deps.vipUsers),
    cursor: undefined,
  };
  /** The history both ledgers hold, with the model's counts (kept in step with the ledgers). */
  let similar = new SimilarAlerts();
  /** Alerts a read changed in a ledger since `similar` was brought up to date; 'all' after a ledger was replaced. */
  let stale: Set<string> | 'all' = new Set();
  const changed = (refs: ReadonlySet<string>): void => {
    if (stale !== 'all') for (const ref of refs) stale.add(ref);
  };
  /** The reads of the trail and the register, one after another: each sees what was written before it began. */
  let reading: Promise<void> = Promise.resolve();
  /**
   * Reads what was appended to the trail since the last read into the ledger: only entries that
   * chain on where it ended (an entry of another shape or a foreign row is passed over). When the
   * trail is shown to be another one (its head is behind, or the same seq with another hash, or
   * its next entry does not chain on: a restored backup, a moved-aside file), a new ledger is read
   * from the first entry.
   */
  const readTrail = async (): Promise<void> => {
    const { read } = followed;
    const head = await deps.audit.head();
    if (head.seq === read.seq && head.hash === read.hash) return;
    if (head.seq > read.seq) {
      const appended = await deps.audit.entriesAfter(read.seq);
      const next = appended.find((entry) => entry.seq === read.seq + 1);
      if (next === undefined || next.prevHash === read.hash) {
        const { end, steps } = chainOn(followed.ledger, read, appended);
        followed = { ledger: followed.ledger, read: end };
        changed(steps);
        return;
      }
    }
    const ledger = new StepLedger();
    followed = { ledger, read: chainOn(ledger, GENESIS, await deps.audit.entriesAfter(0)).end };
    stale = 'all';
  };
  /** Reads what was registered and changed since the last reading; the whole register anew when the store says so. */
  const readRegister = async (): Promise<void> => {
    const since = await deps.alerts.readOn(register.cursor);
    if (since.fromStart) {
      const lifecycles = new LifecycleLedger(deps.vipUsers);
      lifecycles.add(since.records, since.changes);
      register = { lifecycles, cursor: since.cursor };
      stale = 'all';
      return;
    }
    changed(register.lifecycles.add(since.records, since.changes));
    register = { ...register, cursor: since.cursor };
  };
  /**
   * Puts the alerts the reads changed into `similar` anew, in place; after a ledger was replaced,
   * builds a new one from both ledgers aside and swaps it in, so no offer counts with a half-built
   * one. An offer under way counts with the newest `similar` it holds (see `offer`).
   */
  const bringUpToDate = (): void => {
    if (stale === 'all') {
      similar = SimilarAlerts.of(alertHistoryWith(register.lifecycles, followed.ledger));
    } else {
      for (const ref of stale) {
        const lifecycle = register.lifecycles.get(ref);
        // Steps on an alert the register has not shown yet: put in when the alert comes.
        if (lifecycle) similar.put(historicAlertWith(lifecycle, followed.ledger));
      }
    }
    stale = new Set();
  };
  const currentHistory = async (): Promise<SimilarAlerts> => {
    // Both reads settle before the next offer's begin, also when one fails (a reading must never
    // overlap the next from the same cursor); what either read is counted even when the other failed.
    const readNow = reading.then(async () => {
      const reads = await Promise.allSettled([readTrail(), readRegister()]);
      bringUpToDate();
      for (const read of reads) if (read.status === 'rejected') throw read.reason;
    });
    reading = readNow.then(
      () => undefined,
      () => undefined,
    );
    await readNow;
    return similar;
  };
  return {
    async offer(ref, asker, justDone) {
      // While this offer waits (mayUse), another offer's reading may update `history` in place:
      // this one then counts what that one read too (newer, never half). After a replaced ledger,
      // it keeps the index it got. `alert` stays as found (the index puts new objects in).
      const history = await currentHistory();
      const alert = history.find(ref);
      if (!alert) return [];
      const options = [];
      for (const option of stepOptions(asker.skills, alert.ref)) {
        const skill = asker.skills.find((candidate) => candidate.name === option.skill);
        if (skill && (await asker.mayUse(skill, alert.ref))) options.push(option);
      }
      const done = alert.steps.map((step) => step.skill);
      if (justDone !== undefined && isStep(justDone)) done.push(justDone);
      const steps = suggestNextSteps({
        alert: { ref: alert.ref, kind: alert.kind, status: alert.status, done },
        history,
        options,
      });
      const at = now().toISOString();
      const offered = steps.map((step) => ({ ...step, id: `ns-${randomUUID()}` }));
      if (offered.length > 0) {
        await deps.log.append(
          ...offered.map((step) => ({
            shown: step.id,
            ref: alert.ref,
            skill: step.skill,
            level: step.support?.level ?? null,
            to: asker.id,
            at,
          })),
        );
      }
      return offered;
    },
    async accept(id, by) {
      await deps.log.append({ accepted: id, by, at: now().toISOString() });
    },
  };
}

/**
 * Adds to the ledger the entries that chain on from `tail` one after another (seq + 1, prevHash the
 * hash before), passing over any that do not, and returns where the chain now ends and the alerts
 * whose steps changed.
 */
function chainOn(
  ledger: StepLedger,
  tail: ChainTail,
  entries: readonly AuditEntry[],
): { end: ChainTail; steps: Set<string> } {
  let end = tail;
  const chained: AuditEntry[] = [];
  for (const entry of entries) {
    if (entry.seq !== end.seq + 1 || entry.prevHash !== end.hash) continue;
    chained.push(entry);
    end = { seq: entry.seq, hash: entry.hash };
  }
  return { end, steps: ledger.add(chained) };
}
