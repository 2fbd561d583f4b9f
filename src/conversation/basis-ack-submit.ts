import type { Actor } from '../access/actor';
import type { Role } from '../access/roles';
import { say, type BotReply } from './bot-reply';
import type { BotWiring } from './bot-wiring';
import { auditActorOf } from './turn-actor';

/** What the Acknowledge button of a Basis notice card sends (Action.Submit data). */
export interface BasisAckValue {
  action: 'basis.ack';
  ref: string;
}

/** Longest alert reference accepted from a card (ours are ~13 characters; alert IDs are short). */
const MAX_REF_LENGTH = 64;

/** Reads an activity `value` as a Basis Acknowledge press, or undefined for anything else. */
export function readBasisAckSubmit(value: unknown): BasisAckValue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, ref } = value as Record<string, unknown>;
  if (action !== 'basis.ack' || typeof ref !== 'string') return undefined;
  const trimmed = ref.trim();
  return trimmed !== '' && trimmed.length <= MAX_REF_LENGTH ? { action, ref: trimmed } : undefined;
}

/**
 * A Basis team member pressed Acknowledge on a notice card: permitted for Basis and SOC leads
 * (a refusal is audited), recorded on the request and audited, and the analyst who asked is told.
 */
export async function handleBasisAck(
  ack: BasisAckValue,
  who: { actor: Actor; roles: Role[]; conversationId: string },
  wiring: Pick<BotWiring, 'authorize' | 'audit' | 'basisAcknowledgement'>,
): Promise<BotReply> {
  const by = auditActorOf(who.actor, who.roles);
  const decision = wiring.authorize(who.actor, 'acknowledge_basis_notice');
  if (!decision.allowed) {
    await wiring.audit.append({
      actor: by,
      action: 'refusal',
      summary: `acknowledge the Basis notice about ${ack.ref}`,
      result: `refused: ${decision.code}`,
      alertRef: ack.ref,
      conversationId: who.conversationId,
      details: { reason: decision.reason },
    });
    return say(`I did not record the acknowledgement. ${decision.reason}`);
  }
  const outcome = await wiring.basisAcknowledgement.acknowledge({
    ref: ack.ref,
    by,
    via: 'teams',
    conversationId: who.conversationId,
  });
  switch (outcome.status) {
    case 'acknowledged':
      return say(
        `Thanks, ${by.name ?? by.id}: acknowledged ${ack.ref}. The analyst who asked has been told.`,
      );
    case 'already-acknowledged':
      return say(`${ack.ref} was already acknowledged; nothing changed.`);
    case 'unknown-alert':
      return say(`I have no Basis request about ${ack.ref}, so there is nothing to acknowledge.`);
  }
}
