import type { AccessDecision } from '../access/authorize';
import type { Actor } from '../access/actor';
import type { SideEffect } from '../access/side-effects';
import type { AlertLifecycle } from '../app/alert-lifecycle';
import { SocbotError } from '../errors';
import type { Entity } from '../nlu/types';
import type { AlertRecord } from '../store/alert-register';
import { alertFacts } from './alert-ref-facts';
import { say, type BotReply } from './bot-reply';
import type { ConversationMemory } from './conversation-memory';
import { startForm } from './skill-form';
import type { ConversationServices, Turn } from './turn';

/** What the buttons of a SIEM alert card send ("Inform Basis and block", "False positive", "Investigate"). */
export interface AlertDecision {
  action: (typeof DECISIONS)[number];
  ref: string;
}

const DECISIONS = ['alert.inform', 'alert.false-positive', 'alert.investigate'] as const;

/** The intent whose skill informs Basis (and blocks): the card's first button starts it. */
const INFORM_INTENT = 'inform';
/** The intent whose skill opens the incident's room: the card's "Investigate" starts it. */
const INVESTIGATE_INTENT = 'incident_investigate';

/** Reads an activity `value` as a SIEM card decision, or undefined for anything else. */
export function readAlertDecision(value: unknown): AlertDecision | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, ref } = value as Record<string, unknown>;
  if (!DECISIONS.includes(action as AlertDecision['action']) || typeof ref !== 'string') return undefined;
  const trimmed = ref.trim();
  return trimmed !== '' && trimmed.length <= 64
    ? { action: action as AlertDecision['action'], ref: trimmed }
    : undefined;
}

/** What a decision needs besides the conversation services. */
export interface AlertDecisionDeps {
  findAlert(ref: string): Promise<AlertRecord | undefined>;
  authorize(actor: Actor, action: SideEffect): AccessDecision;
  /** "False positive" closes the alert through the lifecycle service, so its ticket follows. */
  lifecycle: Pick<AlertLifecycle, 'lookup' | 'takeLead' | 'close'>;
}

/**
 * An analyst decided on a SIEM alert card. "Inform Basis and block" starts the Basis skill with the
 * alert's facts, so the usual confirmation (and the role checks of its action) follow; "False
 * positive" closes the alert as `false_positive` through the lifecycle service (which audits the
 * change and queues the ticket's update). Whoever may not close alerts is refused first (told and
 * audited); an analyst pressing it on an alert nobody leads takes the lead, since an analyst closes
 * only alerts they lead. "Investigate" starts the skill that opens the incident's room, for this
 * alert (its reference, not its alert ID: another alert may share that), with its role check first.
 */
export async function handleAlertDecision(
  decision: AlertDecision,
  turn: Turn,
  memory: ConversationMemory,
  services: ConversationServices,
  deps: AlertDecisionDeps,
): Promise<BotReply[]> {
  const alert = await deps.findAlert(decision.ref);
  if (!alert)
    return [say(`I have no alert ${decision.ref} in the register, so there is nothing to decide on.`)];
  if (decision.action === 'alert.inform') {
    const skill = services.registry.forIntent(INFORM_INTENT);
    if (!skill) return [say('No skill informs the Basis team in this installation, so nothing was done.')];
    await services.audit(turn, {
      action: 'command',
      summary: `${skill.manifest.title} (SIEM alert card)`,
      alertRef: alert.ref,
      details: { button: decision.action },
    });
    return startForm(skill, memory, alertFacts(alert), { turn, services });
  }
  if (decision.action === 'alert.investigate') {
    const skill = services.registry.forIntent(INVESTIGATE_INTENT);
    if (!skill) return [say('No skill opens incident rooms in this installation, so nothing was done.')];
    await services.audit(turn, {
      action: 'command',
      summary: `${skill.manifest.title} (SIEM alert card)`,
      alertRef: alert.ref,
      details: { button: decision.action },
    });
    const named: Entity = {
      entity: 'alertRef',
      value: alert.ref,
      sourceText: alert.ref,
      start: 0,
      end: alert.ref.length,
    };
    return startForm(skill, memory, [named], { turn, services });
  }
  return closeAsFalsePositive(alert.ref, turn, services, deps);
}

async function closeAsFalsePositive(
  ref: string,
  turn: Turn,
  services: ConversationServices,
  deps: AlertDecisionDeps,
): Promise<BotReply[]> {
  const permission = deps.authorize(turn.actor, 'close_alert');
  if (!permission.allowed) {
    await services.audit(turn, {
      action: 'refusal',
      summary: `close ${ref} as false_positive (SIEM alert card)`,
      result: `refused: ${permission.code}`,
      alertRef: ref,
      details: { reason: permission.reason },
    });
    return [say(`I did not close ${ref} as a false positive. ${permission.reason}`)];
  }
  const before = await deps.lifecycle.lookup(turn.actor, ref);
  if (!before) return [say(`I have no alert ${ref} in the register, so there is nothing to decide on.`)];
  // One decision per card: pressed twice, or again after a crash, it is the same change (and the
  // lifecycle then queues the ticket's update if the first press could not).
  const pressed = `card:${before.ref}:false_positive`;
  try {
    if (before.lead === null && !turn.roles.includes('lead')) {
      await deps.lifecycle.takeLead({ actor: turn.actor, ref: before.ref, requestId: `${pressed}:lead` });
    }
    const closed = await deps.lifecycle.close(
      { actor: turn.actor, ref: before.ref, requestId: pressed, conversationKey: turn.conversationKey },
      'false_positive',
    );
    if (before.status === 'closed') {
      return [
        say(
          `${closed.ref} is already closed as ${closed.classification ?? 'unclassified'}; nothing changed.`,
        ),
      ];
    }
    if (closed.status !== 'closed') {
      return [
        say(
          `${closed.ref} was closed from this card before and has been reopened since; to close it again, say "close ${closed.ref} as a false positive".`,
        ),
      ];
    }
    const update = closed.ticketUpdate;
    const ticket = !update.queued
      ? update.said
      : update.ticket
        ? `Ticket ${update.ticket} will be closed too; I will say when it is done.`
        : 'Its ticket is not created yet; it will be closed once it exists, and I will say when.';
    return [
      say(
        `Closed ${closed.ref} (alert ${closed.alertId}) as a false positive, recorded in the audit trail. Nothing was blocked or sent to Basis. ${ticket}`,
      ),
    ];
  } catch (error) {
    if (before.status === 'closed' && error instanceof SocbotError && error.code === 'INPUT_INVALID') {
      return [
        say(
          `${before.ref} is already closed as ${before.classification ?? 'unclassified'}; nothing changed.`,
        ),
      ];
    }
    // The lifecycle refuses with the reason to show (already audited) or says what is wrong.
    if (error instanceof SocbotError && (error.code === 'FORBIDDEN' || error.code === 'INPUT_INVALID')) {
      return [say(`I did not close ${before.ref} as a false positive. ${error.message}`)];
    }
    throw error;
  }
}
