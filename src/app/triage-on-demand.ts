import { auditActorOf } from '../conversation/turn-actor';
import { triageText } from '../integrations/triage/triage-card';
import { triageJob, type TriageJobPayload } from '../jobs/triage-job';
import type { AlertTriageAnswer, AlertTriageServices } from '../skills/types';
import type { TriageLog } from '../store/triage-log';
import type { ActionOrigin, ActionServicesDeps } from './action-services';
import { queueAudited } from './audited-queue';
import { plainChatText } from './plain-chat-text';
import { queuedActionOf } from './outcome-reports';

/** What the analyst is told when LLM_BASE_URL is empty. */
export const TRIAGE_OFF_TEXT =
  'AI triage is off here: nothing is sent to a model. To switch it on, an administrator sets ' +
  'LLM_BASE_URL (an OpenAI-compatible server) and LLM_MODEL (and LLM_API_KEY if it needs one) and ' +
  'restarts socbot; docs/triage.md says how.';

/** What an on-demand triage needs besides what every turn's side effects share. */
export interface TriageOnDemandDeps extends Pick<
  ActionServicesDeps,
  'outbox' | 'jobs' | 'audit' | 'rolesOf' | 'reports' | 'ackWindowMs'
> {
  /** Whether AI triage is configured (the `triage.alert` job kind has a handler only then). */
  enabled: boolean;
  /** The register, to name the alert by its reference. */
  alerts: { find(refOrAlertId: string): Promise<{ ref: string } | undefined> };
  /** The stored triages, to show the run this request made. */
  store: Pick<TriageLog, 'of'>;
}

/**
 * The on-demand triage of one turn (SkillServices.triage), bound to the analyst who asks and their
 * conversation.
 *
 * Why through the `triage.alert` job rather than a call in the turn: the job already stores the run
 * before anything is shown, posts the card with its feedback buttons, notes the ticket, retries
 * 429/5xx/timeouts with backoff across restarts and asks the model once per key. The request's own
 * key (ref + requestId) makes "triage it" again a new triage, while a confirmation handled twice is
 * one. The turn waits the acknowledgement window (SOCBOT_ACK_WAIT_MS) like every action: a quick
 * model's triage is in the answer; a slow one's card comes to this conversation when it is ready.
 *
 * @example
 *   const triage = createTriageOnDemand(deps, { actor, conversationId, conversationKey });
 *   const answer = await triage.triage('SOC-2026-0001', requestId); // { status: 'done', text: 'SOC-2026-0001 AI triage …' }
 */
export function createTriageOnDemand(deps: TriageOnDemandDeps, origin: ActionOrigin): AlertTriageServices {
  const actor = origin.auditAs ?? auditActorOf(origin.actor, deps.rolesOf(origin.actor));
  return {
    enabled: deps.enabled,
    async triage(refOrAlertId, requestId): Promise<AlertTriageAnswer> {
      if (!deps.enabled) return { status: 'off', text: TRIAGE_OFF_TEXT };
      const alert = await deps.alerts.find(refOrAlertId);
      if (!alert) {
        return {
          status: 'unknown',
          text: `I have no alert ${refOrAlertId} in the register to triage; "open alerts" lists them.`,
        };
      }
      const { ref } = alert;
      const payload: TriageJobPayload = {
        ref,
        requestId,
        // The console has no conversation to post to: its answer is the triage's text.
        ...(origin.conversationKey !== '' ? { conversationKey: origin.conversationKey } : {}),
      };
      const job = await queueAudited(
        deps,
        triageJob,
        payload,
        {
          alertRef: ref,
          conversationKey: origin.conversationKey,
          userId: origin.actor.aadObjectId ?? origin.actor.id,
          requestId,
        },
        {
          actor,
          conversationId: origin.conversationId,
          // Held for this turn's answer at once: a quick model may settle it before the wait starts.
          onQueued: (queued) => {
            if (origin.conversationKey !== '') deps.reports.hold(queued.id);
          },
        },
      );
      const [line = ''] = await deps.reports.waitAndDescribe(
        [queuedActionOf(job, triageJob.describe(payload).task)],
        deps.ackWindowMs,
      );
      const stored = await deps.store.of(ref);
      const run = stored && [stored, ...stored.history].find((each) => each.requestId === job.idempotencyKey);
      // The model's words are data: a `[click](https://…)` artifact stays text, never a live link.
      if (run) return { status: 'done', text: plainChatText(triageText(ref, run)), ref };
      const settled = (await deps.outbox.get(job.id)) ?? job;
      if (settled.status === 'failed' || settled.status === 'given_up') {
        // Nothing of a rejected answer is shown: the job's error says why (the schema, the server).
        const why = plainChatText(settled.lastError?.message ?? line);
        return {
          status: 'unavailable',
          text: `AI triage of ${ref} is unavailable. ${why} "triage ${ref}" asks the model again.`,
          ref,
        };
      }
      return {
        status: 'pending',
        text: `Triaging ${ref} with the AI model: the triage card comes here when the model has answered.`,
        ref,
      };
    },
  };
}
