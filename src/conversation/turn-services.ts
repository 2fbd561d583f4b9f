import type { Logger } from '../logger';
import { cannotExplain } from '../nlu/cannot-explain';
import type { Explanation } from '../nlu/explanation';
import type { Recognizer } from '../nlu/types';
import type { SkillRegistry } from '../skills/skill-registry';
import type { AlertDecisionDeps } from './alert-card-decision';
import type { ActionIntentJournal, BotWiring } from './bot-wiring';
import type { ChannelRegistrationDeps } from './channel-registration';
import type { TriageFeedbackDeps } from './triage-feedback';
import type { ConversationServices, Turn, TurnAuditRecord } from './turn';
import type { Skill, SkillServices } from '../skills/types';
import { foreseenChangeOf } from './alert-rule-refusal';
import { lifecycleFor } from './skill-lifecycle';
import { auditActorOf } from './turn-actor';
import type { TurnObserver } from './turn-observer';

/** What {@link runTurn} needs besides the input and the memory; built once per bot. */
export interface TurnServices {
  /** What the router, the forms and small talk use. */
  conversation: ConversationServices;
  recognizer: Recognizer;
  alertDecisions: AlertDecisionDeps;
  registrations: ChannelRegistrationDeps;
  basisAcks: Pick<BotWiring, 'authorize' | 'audit' | 'basisAcknowledgement'>;
  jobRetries: Pick<BotWiring, 'authorize' | 'audit' | 'jobRetries'>;
  /** Approve / Reject on an approval card (src/app/approvals.ts). */
  approvals: BotWiring['approvals'];
  /** A rating of an AI triage card (triage-feedback.ts). */
  triageFeedback: TriageFeedbackDeps;
  /** Told what the NLU made of each message (the metrics); absent: nobody counts. */
  observer?: TurnObserver;
}

/**
 * The services of every turn, from the composition root's wiring: skill actions bound to the
 * turn's user and conversation, and an audit that names the turn's actor and conversation.
 *
 * @example
 *   const services = createTurnServices({ wiring: app, skills, recognizer, logger });
 *   const result = await runTurn(input, memory, services);
 */
export function createTurnServices(parts: {
  wiring: BotWiring;
  skills: SkillRegistry;
  recognizer: Recognizer;
  logger: Logger;
}): TurnServices {
  const { wiring, skills, recognizer, logger } = parts;
  const { store } = wiring;
  const audit = async (turn: Turn, record: TurnAuditRecord): Promise<void> => {
    await wiring.audit.append({
      ...record,
      actor: auditActorOf(turn.actor, turn.roles),
      conversationId: turn.conversationId,
    });
  };
  return {
    conversation: {
      registry: skills,
      skillServicesFor: (turn) => {
        const lifecycle = lifecycleFor(wiring.alertLifecycle, {
          actor: turn.actor,
          conversationKey: turn.conversationKey,
        });
        return {
          alerts: store.alerts,
          basisRequests: store.basisRequests,
          lifecycle,
          actions: wiring.actionServices({
            actor: turn.actor,
            conversationId: turn.conversationId,
            conversationKey: turn.conversationKey,
          }),
          incidents: wiring.incidentServices({
            actor: turn.actor,
            conversationId: turn.conversationId,
            conversationKey: turn.conversationKey,
          }),
          indicators: wiring.indicatorLookups({
            actor: turn.actor,
            conversationId: turn.conversationId,
            conversationKey: turn.conversationKey,
          }),
          triage: wiring.triageOnDemand({
            actor: turn.actor,
            conversationId: turn.conversationId,
            conversationKey: turn.conversationKey,
          }),
          ...(wiring.nextSteps
            ? { nextSteps: nextStepsFor(wiring, turn, skills.skills, lifecycle, logger) }
            : {}),
          ...(wiring.mailCorrections
            ? { mail: wiring.mailCorrections({ actor: turn.actor, conversationId: turn.conversationId }) }
            : {}),
        };
      },
      reviews: store.reviews,
      audit,
      ...(wiring.nextSteps
        ? {
            nextStepAccepted: (turn: Turn, id: string) =>
              wiring.nextSteps?.accept(id, turn.actor.id) ?? Promise.resolve(),
          }
        : {}),
      ...(wiring.intents
        ? { beginAction: beginActionIn(wiring.intents), wasCutOff: cutOffIn(wiring.intents) }
        : {}),
      // Through the recognizer that recognises, so "why?" explains with the model in service.
      ...(recognizer.explain ? { explain: (text: string) => explainWith(recognizer, text) } : {}),
      logger,
    },
    recognizer,
    ...(wiring.turnObserver ? { observer: wiring.turnObserver } : {}),
    alertDecisions: {
      findAlert: (ref) => store.alerts.find(ref),
      authorize: wiring.authorize,
      lifecycle: wiring.alertLifecycle,
    },
    registrations: {
      directory: wiring.directory,
      audit,
      deliversHere: (audience) => wiring.deliversByTeams(audience),
    },
    basisAcks: wiring,
    jobRetries: wiring,
    approvals: wiring.approvals,
    triageFeedback: {
      authorize: wiring.authorize,
      audit: wiring.audit,
      ...(wiring.triageFeedback ? { triageFeedback: wiring.triageFeedback } : {}),
    },
  };
}

/** The recognizer's own explanation (`explain` is only wired when it has one). */
function explainWith(recognizer: Recognizer, text: string): Promise<Explanation> {
  return recognizer.explain ? recognizer.explain(text) : Promise.reject(cannotExplain());
}

/** `wasCutOff` on the intent journal: the request is begun and unfinished (asked only on a confirmation). */
function cutOffIn(intents: ActionIntentJournal): NonNullable<ConversationServices['wasCutOff']> {
  return (requestId) => intents.isUnfinished(requestId);
}

/** `beginAction` on the intent journal: the action with who confirmed it and where to answer. */
function beginActionIn(intents: ActionIntentJournal): NonNullable<ConversationServices['beginAction']> {
  return (turn, action) =>
    intents.begin({
      ...action,
      slots: { ...action.slots },
      user: { ...turn.user },
      actor: { ...turn.actor },
      conversationId: turn.conversationId,
      conversationKey: turn.conversationKey,
      at: new Date().toISOString(),
    });
}

/**
 * The next steps offered to this turn's analyst: only skills their roles allow, and for a lifecycle
 * change only one the alert's rules let them make now (an analyst closes only an alert they lead).
 * A failure to work them out is logged and offers none.
 */
function nextStepsFor(
  wiring: BotWiring,
  turn: Turn,
  skills: readonly Skill[],
  lifecycle: SkillServices['lifecycle'],
  logger: Logger,
): NonNullable<SkillServices['nextSteps']> {
  const mayUse = async (skill: Skill, ref: string): Promise<boolean> => {
    const permission = skill.manifest.permission;
    if (permission === undefined) return true;
    if (!wiring.authorize(turn.actor, permission).allowed) return false;
    const change = foreseenChangeOf(permission);
    return change === undefined || (await lifecycle.changeRefusal(ref, change)) === undefined;
  };
  return {
    // Suggestions are a help: when the history cannot be read, the alert is shown without them.
    offer: async (ref, justDone) => {
      try {
        return (await wiring.nextSteps?.offer(ref, { id: turn.actor.id, skills, mayUse }, justDone)) ?? [];
      } catch (error) {
        logger.error({ err: error, alertRef: ref }, 'could not work out the next steps of an alert');
        return [];
      }
    },
  };
}
