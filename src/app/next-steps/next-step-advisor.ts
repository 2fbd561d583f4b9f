import { randomUUID } from 'node:crypto';
import type { AuditTrail } from '../../audit/audit-trail';
import type { AlertStore } from '../../store/alert-store';
import type { NextStepLog } from '../../store/next-step-log';
import type { Skill } from '../../skills/types';
import { alertHistoryOf, isStep, type HistoricAlert } from './alert-history';
import { stepOptions } from './step-options';
import { suggestNextSteps, type NextStep } from './suggest-next-steps';

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
  /** The alert register (the app's store.alerts: alerts.jsonl or PostgreSQL). */
  alerts: Pick<AlertStore, 'list' | 'changes'>;
  /** The audit trail the steps are read from. */
  audit: Pick<AuditTrail, 'entries' | 'head'>;
  /** SOCBOT_VIP_USERS: part of an alert's kind. */
  vipUsers: readonly string[];
  log: Pick<NextStepLog, 'append'>;
  now?: () => Date;
}

/**
 * The next-step advisor: the history is read from the alert store and the audit trail (the audit
 * entries read again only when the register or the trail grew), the model asked (suggest-next-steps.ts), the
 * steps the asker may not take left out, and what is offered recorded in the next-step log.
 *
 * @example
 *   const advisor = createNextStepAdvisor({ alerts: store.alerts, audit, vipUsers: [], log });
 *   const steps = await advisor.offer('SOC-2026-0009', { id: actor.id, skills: registry.skills, mayUse: async () => true });
 */
export function createNextStepAdvisor(deps: NextStepAdvisorDeps): NextStepAdvisor {
  const now = deps.now ?? (() => new Date());
  let cached: { stamp: string; history: HistoricAlert[] } | undefined;
  const history = async (): Promise<HistoricAlert[]> => {
    const [records, changes, head] = await Promise.all([
      deps.alerts.list(),
      deps.alerts.changes(),
      deps.audit.head(),
    ]);
    // Alerts and change lines are only ever appended, so their counts and the chain's end say
    // whether anything changed: the whole audit trail is read again only then.
    const stamp = `${records.length}:${changes.length}|${head.seq}:${head.hash}`;
    if (cached?.stamp !== stamp) {
      const entries = await deps.audit.entries();
      cached = { stamp, history: alertHistoryOf(records, changes, deps.vipUsers, entries) };
    }
    return cached.history;
  };
  return {
    async offer(ref, asker, justDone) {
      const all = await history();
      const alert = all.find((candidate) => candidate.ref.toLowerCase() === ref.trim().toLowerCase());
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
        history: all,
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
