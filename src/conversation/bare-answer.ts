import type { SkillRegistry } from '../skills/skill-registry';
import type { SkillSlot } from '../skills/types';
import { isSocbotRef } from './alert-ref-facts';
import type { ConversationMemory } from './conversation-memory';
import { parseEntityAs, validateEntityValue } from './entity-values';

/** The whole message read as the asked slot's entity ("PC-0815" when asked for the terminal). */
export function bareAnswer(slot: SkillSlot, text: string): string | undefined {
  // socbot's own reference names a registered alert: its facts come from the register instead.
  if (isSocbotRef(text)) return undefined;
  const entity = parseEntityAs(slot.entity, text);
  if (!entity) return undefined;
  const whole = text.trim().replace(/[.!?]+$/, '');
  if (entity.sourceText.length < whole.length) return undefined;
  const checked = validateEntityValue(slot.entity, entity.value);
  return checked.ok ? checked.value : undefined;
}

/**
 * Whether the message is a bare value for the question the open form asks ("P2" to "Which
 * priority?"): the form takes it as the answer whatever the model reads in it, so it is no command
 * (the model reads "P2" as "list the open P1 and P2 alerts") and must not be audited as one.
 */
export function isBareAnswerToOpenForm(
  memory: ConversationMemory,
  registry: Pick<SkillRegistry, 'get'>,
  text: string,
): boolean {
  const form = memory.form;
  if (form?.awaiting.kind !== 'slot') return false;
  const { slot: asked } = form.awaiting;
  const slot = registry.get(form.skill)?.manifest.slots.find((candidate) => candidate.name === asked);
  // The alert slot reads its answer through the register (alertAnswer), not as a bare value.
  if (!slot || slot.entity === 'alertRef') return false;
  return bareAnswer(slot, text) !== undefined;
}
