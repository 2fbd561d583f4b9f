import type { SkillAction } from '../../src/skills/types';

/**
 * Asks the AI model for a triage of the alert and shows it (the card with the feedback buttons is
 * posted to this conversation too). The model's answer is text and buttons that send chat commands:
 * nothing it says is acted on. Off (no LLM_BASE_URL): says how to switch it on and sends nothing.
 */
export const act: SkillAction = async ({ slots, services, requestId }) => {
  const ref = slots.alert ?? '';
  const answer = await services.triage.triage(ref, requestId);
  // The alert it names becomes what "it" means next ("close it as false positive").
  return { text: answer.text, ...(answer.ref ? { alertRef: answer.ref } : {}) };
};
