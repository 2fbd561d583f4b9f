import type { Actor } from '../access/actor';
import type { Role } from '../access/roles';
import type { AuditRecord } from '../audit/audit-entry';
import type { AuditTrail } from '../audit/audit-trail';
import { ConversationMemoryStore } from '../conversation/conversation-memory-store';
import { setAsideFacts } from '../conversation/form-values';
import { endForm } from '../conversation/parked-forms';
import { lifecycleFor } from '../conversation/skill-lifecycle';
import { auditActorOf } from '../conversation/turn-actor';
import { asSocbotError } from '../errors';
import type { JobKindRegistry } from '../jobs/job-kind-registry';
import { recoveredActionJob } from '../jobs/recovered-action-job';
import type { Logger } from '../logger';
import type { Outbox } from '../outbox/outbox';
import type {
  ActionServices,
  IncidentServices,
  IndicatorLookupServices,
  AlertTriageServices,
  MailCorrectionServices,
  Skill,
  SkillServices,
} from '../skills/types';
import type { SkillRegistry } from '../skills/skill-registry';
import type { ActionIntentStore } from '../store/action-intent-store';
import type { ActionIntent } from '../store/action-intents';
import type { StateStorage } from '../store/state-storage';
import type { ActionOrigin } from './action-services';
import type { AlertLifecycle } from './alert-lifecycle';
import { queueAudited } from './audited-queue';

/** The audit trail's name for what start-up does on its own. */
const START_UP = { id: 'system', name: 'socbot start-up' };

/** What replaying the intent journal needs; the composition root passes its own parts. */
export interface ReplayIntentsDeps {
  intents: Pick<ActionIntentStore, 'unfinished' | 'finish' | 'compact'>;
  /** Loaded only when there is something to replay. */
  loadSkills(): Promise<SkillRegistry>;
  alerts: SkillServices['alerts'];
  basisRequests: SkillServices['basisRequests'];
  /** The alert's lifecycle: a replayed close or note finds its change by the request id. */
  lifecycle: AlertLifecycle;
  /** The side-effect services bound to the analyst who confirmed (as in their turn). */
  actionServices(origin: ActionOrigin): ActionServices;
  /** The incident rooms and timelines bound to the same analyst. */
  incidentServices(origin: ActionOrigin): IncidentServices;
  indicatorLookups(origin: ActionOrigin): IndicatorLookupServices;
  triageOnDemand(origin: ActionOrigin): AlertTriageServices;
  /** Mail category corrections bound to the analyst (absent: the correction skill says it is not wired). */
  mailCorrections?(origin: ActionOrigin): MailCorrectionServices;
  rolesOf(actor: Actor): Role[];
  /** The conversation state: a form the crash left open on its confirmation is closed. */
  state: StateStorage;
  audit: Pick<AuditTrail, 'append' | 'entriesOfRequests'>;
  outbox: Outbox;
  jobs: JobKindRegistry;
  logger: Logger;
}

/** What the audit trail already holds of each request: a replay does not write it twice. */
interface AuditedRequests {
  confirmed: Set<string>;
  resulted: Set<string>;
  /** The request's action finished (`done…` or `refused`) before the crash: its audited result. */
  finished: Map<string, AuditedResult>;
}

/** An action's result as the audit trail holds it. */
interface AuditedResult {
  result: string;
  alertRef?: string;
}

/**
 * Finishes at start-up what a crash cut off: every confirmed action begun in the intent journal
 * and never finished (src/store/action-intents.ts). For each, in the analyst's name:
 *
 * 1. when the audit trail already holds the action's result (it ran; only the answer or the
 *    `finish` was lost, e.g. a reply the connector did not take), that result is told and nothing
 *    is checked or run again: a role removed since does not turn a done action into "not done";
 * 2. otherwise the permission is checked again (roles may have changed; a refusal is audited and said);
 * 3. the skill acts again with the SAME request id, so what the first run did is found, not
 *    repeated: the register returns the alert of that request, the outbox the job of that key;
 * 4. the confirmation and the result are audited unless the trail has them, marked `recovered`;
 * 5. the analyst is told the outcome by a `tell.recovered` job (a proactive message through the
 *    outbox, so a connector that is down still gets it later);
 * 6. the intent is marked finished.
 *
 * An intent that fails to replay stays begun and is tried again at the next start. At the end (also
 * when nothing was open) the journal is compacted to what is still open. Returns how many intents were finished.
 *
 * @example
 *   const { replayed } = await replayIntents({ intents, loadSkills: () => loadSkillRegistry(), … });
 */
export async function replayIntents(deps: ReplayIntentsDeps): Promise<{ replayed: number }> {
  const open = await deps.intents.unfinished();
  if (open.length === 0) {
    // Nothing crashed, but every confirm since the last start left two lines: dropped here.
    await deps.intents.compact();
    return { replayed: 0 };
  }
  const replayed = await replayIntentList(open, deps);
  await deps.intents.compact();
  deps.logger.info({ replayed, open: open.length }, 'confirmed actions cut off by a crash were finished');
  return { replayed };
}

/**
 * Replays the given cut-off intents (steps 1–6 above) and says how many were finished; one that
 * fails stays begun (logged). The start-up replay and the replicas' sweep (intent-sweep.ts) use it.
 *
 * @example
 *   const finished = await replayIntentList([intent], deps);
 */
export async function replayIntentList(
  open: readonly ActionIntent[],
  deps: ReplayIntentsDeps,
): Promise<number> {
  const skills = await deps.loadSkills();
  const audited = await auditedRequests(
    deps.audit,
    open.map((intent) => intent.requestId),
  );
  const outcomes = await Promise.all(
    open.map((intent) =>
      replayOne(intent, skills.get(intent.skill), audited, deps).then(
        () => true,
        (error: unknown) => {
          deps.logger.error(
            { err: error, requestId: intent.requestId, skill: intent.skill },
            'could not finish a confirmed action a crash cut off; the next start tries again',
          );
          return false;
        },
      ),
    ),
  );
  return outcomes.filter(Boolean).length;
}

async function replayOne(
  intent: ActionIntent,
  skill: Skill | undefined,
  audited: AuditedRequests,
  deps: ReplayIntentsDeps,
): Promise<void> {
  const origin = {
    actor: intent.actor,
    conversationId: intent.conversationId,
    conversationKey: intent.conversationKey,
  };
  const actor = auditActorOf(intent.actor, deps.rolesOf(intent.actor));
  const audit = (record: Omit<AuditRecord, 'actor' | 'conversationId'>): Promise<unknown> =>
    deps.audit.append({ ...record, actor, conversationId: intent.conversationId });
  const actions = deps.actionServices(origin);
  const finished = audited.finished.get(intent.requestId);
  const outcome = finished
    ? toldFromTrail(finished)
    : skill
      ? await actAgain(
          intent,
          skill,
          {
            actions,
            incidents: deps.incidentServices(origin),
            indicators: deps.indicatorLookups(origin),
            triage: deps.triageOnDemand(origin),
            ...(deps.mailCorrections ? { mail: deps.mailCorrections(origin) } : {}),
          },
          audited,
          audit,
          deps,
        )
      : {
          text: `The skill "${intent.skill}" is no longer installed, so nothing more was done.`,
          ended: 'skill-removed' as const,
        };
  if (outcome.ended) await closeForm(deps.state, intent, outcome.ended);
  if (intent.conversationKey !== '') {
    // A skill that asks no confirmation (`confirm: false`) was never confirmed: "your request".
    const confirmed = skill?.manifest.confirm === false ? '' : 'confirmed ';
    const what = skill ? `your ${confirmed}request to ${skill.manifest.title}` : 'your confirmed request';
    const values = describeSlots(intent, skill);
    const request = `${what}${values ? ` (${values})` : ''}`;
    await queueAudited(
      deps,
      recoveredActionJob,
      {
        requestId: intent.requestId,
        conversationKey: intent.conversationKey,
        // An action that finished before the restart was not cut off: only its answer was lost.
        text: finished
          ? `${request.charAt(0).toUpperCase()}${request.slice(1)} ${outcome.text}`
          : `socbot restarted while it was handling ${request}. ${outcome.text}`,
      },
      outcome.alertRef ? { alertRef: outcome.alertRef } : {},
      { actor: START_UP, conversationId: intent.conversationId },
    );
  }
  await deps.intents.finish([intent.requestId]);
}

/** The permission again, then the skill's action with the first run's request id; audited as recovered. */
async function actAgain(
  intent: ActionIntent,
  skill: Skill,
  {
    actions,
    incidents,
    indicators,
    triage,
  }: {
    actions: ActionServices;
    incidents: IncidentServices;
    indicators: IndicatorLookupServices;
    triage: AlertTriageServices;
  },
  audited: AuditedRequests,
  audit: (record: Omit<AuditRecord, 'actor' | 'conversationId'>) => Promise<unknown>,
  deps: ReplayIntentsDeps,
): Promise<Outcome> {
  const { requestId } = intent;
  const permission = skill.manifest.permission;
  if (permission) {
    const answer = await actions.authorize(permission, { summary: `recover: ${skill.manifest.title}` });
    if (!answer.allowed) return { text: `I did not finish it: ${answer.reason}`, ended: 'refused' };
  }
  if (!audited.confirmed.has(requestId)) {
    // As the turn records it (skill-form.ts): a skill without a confirmation question was asked, not confirmed.
    const asked = !skill.manifest.confirm;
    await audit({
      action: 'confirmation',
      summary: `${asked ? 'asked' : 'confirmed'}: ${skill.manifest.title}`,
      result: 'confirmed',
      details: {
        skill: skill.name,
        requestId,
        slots: { ...intent.slots },
        recovered: true,
        ...(asked ? { confirmationAsked: false } : {}),
      },
    });
  }
  try {
    const reply = await skill.act({
      slots: { ...intent.slots },
      user: { ...intent.user },
      conversationId: intent.conversationId,
      requestId,
      services: {
        alerts: deps.alerts,
        basisRequests: deps.basisRequests,
        lifecycle: lifecycleFor(deps.lifecycle, {
          actor: intent.actor,
          conversationKey: intent.conversationKey,
        }),
        actions,
        incidents,
        indicators,
        triage,
      },
    });
    if (!audited.resulted.has(requestId)) {
      const refused = reply.outcome === 'refused';
      await audit({
        action: 'result',
        summary: skill.manifest.title,
        result: refused ? 'refused' : reply.alertRef ? `done: ${reply.alertRef}` : 'done',
        ...(reply.alertRef ? { alertRef: reply.alertRef } : {}),
        details: { skill: skill.name, requestId, recovered: true },
      });
    }
    return {
      text: reply.text,
      ...(reply.alertRef ? { alertRef: reply.alertRef } : {}),
      ended: reply.outcome === 'refused' ? 'refused' : 'finished',
    };
  } catch (error) {
    const coded = asSocbotError(error);
    deps.logger.error({ err: coded, skill: skill.name, requestId }, 'a recovered skill action failed');
    await audit({
      action: 'result',
      summary: skill.manifest.title,
      result: `failed: ${coded.code}`,
      details: { skill: skill.name, requestId, recovered: true },
    });
    // The form stays as the crash left it: a "yes" in the conversation tries again.
    return { text: `I could not finish it: ${coded.message} Say "yes" there to try again, or "cancel".` };
  }
}

/** The outcome of an action that finished before the crash, from its audited result: the rest of "Your confirmed request … ". */
function toldFromTrail(finished: AuditedResult): Outcome {
  if (finished.result === 'refused')
    return { text: 'was refused before socbot restarted, so nothing was done.', ended: 'refused' };
  const what = finished.alertRef ? ` (${finished.alertRef})` : '';
  return {
    text: `was done${what} before socbot restarted; only my answer did not reach you then.`,
    ...(finished.alertRef ? { alertRef: finished.alertRef } : {}),
    ended: 'finished',
  };
}

/** What the replay of one intent came to: the analyst's message, and how its form ends. */
interface Outcome {
  text: string;
  alertRef?: string;
  /** How the form ends, if it is still open on its confirmation in the conversation's memory. */
  ended?: 'finished' | 'refused' | 'skill-removed';
}

/**
 * A crash before the turn saved its memory leaves the form open on its confirmation, with the same
 * id: closed here as its turn would have closed it, so an old card says what became of it and a
 * corrected value starts a new request instead of landing on this one's request id.
 */
async function closeForm(
  state: StateStorage,
  intent: ActionIntent,
  ended: NonNullable<Outcome['ended']>,
): Promise<void> {
  if (intent.conversationKey === '') return;
  const memories = new ConversationMemoryStore(state);
  // The bot edge's key: `conversations/<channel>/<conversation id>`, the directory key under `conversations/`.
  const key = `conversations/${intent.conversationKey}`;
  const { memory, eTag } = await memories.load(key);
  if (memory.form?.id !== intent.requestId) return;
  endForm(memory, ended);
  if (ended === 'finished') setAsideFacts(memory);
  await memories.save(key, memory, eTag);
}

/** "alert ID 4711, terminal PC-0815": the values by the skill's slot labels (names without it). */
function describeSlots(intent: ActionIntent, skill: Skill | undefined): string {
  return Object.entries(intent.slots)
    .map(([name, value]) => {
      const label = skill?.manifest.slots.find((slot) => slot.name === name)?.label ?? name;
      return `${label} ${value}`;
    })
    .join(', ');
}

/** The request ids whose confirmation and whose (conversation's) result the audit trail holds, and the finished ones' results. */
async function auditedRequests(
  audit: Pick<AuditTrail, 'entriesOfRequests'>,
  requestIds: readonly string[],
): Promise<AuditedRequests> {
  const audited: AuditedRequests = { confirmed: new Set(), resulted: new Set(), finished: new Map() };
  for (const entry of await audit.entriesOfRequests(requestIds)) {
    const requestId = entry.details.requestId;
    if (typeof requestId !== 'string') continue;
    if (entry.action === 'confirmation' && entry.result === 'confirmed') audited.confirmed.add(requestId);
    if (entry.action !== 'result') continue;
    audited.resulted.add(requestId);
    // A failed recovery (`failed: …`) did nothing: the action is tried again.
    if (entry.result === 'refused' || entry.result?.startsWith('done')) {
      audited.finished.set(requestId, {
        result: entry.result,
        ...(entry.alertRef ? { alertRef: entry.alertRef } : {}),
      });
    }
  }
  return audited;
}
