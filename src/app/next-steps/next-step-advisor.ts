import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AuditTrail } from '../../audit/audit-trail';
import { ALERTS_FILE_NAME } from '../../store/alert-register';
import type { NextStepLog } from '../../store/next-step-log';
import type { Skill } from '../../skills/types';
import { isStep, readAlertHistory, type HistoricAlert } from './alert-history';
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
  dataDir: string;
  /** The audit trail the steps are read from. */
  audit: Pick<AuditTrail, 'entries' | 'head'>;
  /** SOCBOT_VIP_USERS: part of an alert's kind. */
  vipUsers: readonly string[];
  log: Pick<NextStepLog, 'append'>;
  now?: () => Date;
}

/**
 * The next-step advisor over a data directory: the history is read from the register and the audit
 * trail (read again only when either file changed), the model asked (suggest-next-steps.ts), the
 * steps the asker may not take left out, and what is offered recorded in `next-steps.jsonl`.
 *
 * @example
 *   const advisor = createNextStepAdvisor({ dataDir, audit, vipUsers: [], log });
 *   const steps = await advisor.offer('SOC-2026-0009', { id: actor.id, skills: registry.skills, mayUse: async () => true });
 */
export function createNextStepAdvisor(deps: NextStepAdvisorDeps): NextStepAdvisor {
  const now = deps.now ?? (() => new Date());
  let cached: { stamp: string; history: HistoricAlert[] } | undefined;
  const history = async (): Promise<HistoricAlert[]> => {
    const stamp = await historyStamp(deps.dataDir, deps.audit);
    if (cached?.stamp !== stamp)
      cached = { stamp, history: await readAlertHistory(deps.dataDir, deps.vipUsers, deps.audit) };
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

/** The register's size and modification time, and where the audit chain ends: the history changes only with them. */
async function historyStamp(dataDir: string, audit: Pick<AuditTrail, 'head'>): Promise<string> {
  let register = 'none';
  try {
    const info = await stat(path.join(dataDir, ALERTS_FILE_NAME));
    register = `${info.size}:${info.mtimeMs}`;
  } catch {
    // No register yet: no history.
  }
  const head = await audit.head();
  return `${register}|${head.seq}:${head.hash}`;
}
