import type { Logger } from '../logger';
import type { Recognizer } from '../nlu/types';
import type { SkillRegistry } from '../skills/skill-registry';
import type { AlertDecisionDeps } from './alert-card-decision';
import type { ActionIntentJournal, BotWiring } from './bot-wiring';
import type { ChannelRegistrationDeps } from './channel-registration';
import type { TriageFeedbackDeps } from './triage-feedback';
import type { ConversationServices, Turn, TurnAuditRecord } from './turn';
import { lifecycleFor } from './skill-lifecycle';
import { auditActorOf } from './turn-actor';

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
      skillServicesFor: (turn) => ({
        alerts: store.alerts,
        basisRequests: store.basisRequests,
        lifecycle: lifecycleFor(wiring.alertLifecycle, {
          actor: turn.actor,
          conversationKey: turn.conversationKey,
        }),
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
      }),
      reviews: store.reviews,
      audit,
      ...(wiring.intents ? { beginAction: beginActionIn(wiring.intents) } : {}),
      logger,
    },
    recognizer,
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
