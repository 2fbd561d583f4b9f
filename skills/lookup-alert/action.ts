import type { SkillAction } from '../../src/skills/types';
import { describeAlert, notDone } from './alert-replies';

/**
 * Shows the alert, with up to three next steps learned from similar alerts; it becomes what "it"
 * means in the conversation.
 */
export const act: SkillAction = async ({ slots, services }) => {
  const ref = slots.alert ?? '';
  const found = await services.lifecycle.lookup(ref);
  if (!found.ok) return notDone(found);
  if (!found.value) return { text: `I have no alert ${ref} in the register; "open alerts" lists them.` };
  return { text: describeAlert(found.value), alertRef: found.value.ref, offerNextSteps: true };
};
