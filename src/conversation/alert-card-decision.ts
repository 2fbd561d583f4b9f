import type { AccessDecision } from '../access/authorize';
import type { Actor } from '../access/actor';
import type { SideEffect } from '../access/side-effects';
import type { AlertRecord } from '../store/alert-register';
import { alertFacts } from './alert-ref-facts';
import { say, type BotReply } from './bot-reply';
import type { ConversationMemory } from './conversation-memory';
import { startForm } from './skill-form';
import type { ConversationServices, Turn } from './turn';

/** What the buttons of a SIEM alert card send ("Inform Basis and block", "False positive"). */
export interface AlertDecision {
  action: 'alert.inform' | 'alert.false-positive';
  ref: string;
}

/** The intent whose skill informs Basis (and blocks): the card's first button starts it. */
const INFORM_INTENT = 'inform';

/** Reads an activity `value` as a SIEM card decision, or undefined for anything else. */
export function readAlertDecision(value: unknown): AlertDecision | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, ref } = value as Record<string, unknown>;
  if ((action !== 'alert.inform' && action !== 'alert.false-positive') || typeof ref !== 'string')
    return undefined;
  const trimmed = ref.trim();
  return trimmed !== '' && trimmed.length <= 64 ? { action, ref: trimmed } : undefined;
}

/** What a decision needs besides the conversation services. */
export interface AlertDecisionDeps {
  findAlert(ref: string): Promise<AlertRecord | undefined>;
  authorize(actor: Actor, action: SideEffect): AccessDecision;
}

/**
 * An analyst decided on a SIEM alert card. "Inform Basis and block" starts the Basis skill with the
 * alert's facts, so the usual confirmation (and the role checks of its action) follow; "False
 * positive" is recorded in the audit trail by an analyst or lead (others are refused and audited).
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
  const permission = deps.authorize(turn.actor, 'register_alert');
  if (!permission.allowed) {
    await services.audit(turn, {
      action: 'refusal',
      summary: `mark ${alert.ref} as a false positive`,
      result: `refused: ${permission.code}`,
      alertRef: alert.ref,
      details: { reason: permission.reason },
    });
    return [say(`I did not mark ${alert.ref} as a false positive. ${permission.reason}`)];
  }
  await services.audit(turn, {
    action: 'command',
    summary: `mark ${alert.ref} as a false positive`,
    result: 'false positive',
    alertRef: alert.ref,
  });
  return [
    say(
      `Noted: ${alert.ref} (alert ${alert.alertId}) is a false positive, recorded in the audit trail. Nothing was blocked or sent to Basis.`,
    ),
  ];
}
