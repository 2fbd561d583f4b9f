import type { SkillAction } from '../../src/skills/types';
import { notDone, standing } from '../lookup-alert/alert-replies';

/** The asker leads the alert from now on; who may is the lifecycle's rule (its refusal is shown). */
export const act: SkillAction = async ({ slots, services, requestId }) => {
  const taken = await services.lifecycle.takeLead(slots.alert ?? '', requestId);
  if (!taken.ok) return notDone(taken);
  const alert = taken.value;
  return { text: `You lead ${alert.ref} now (${standing(alert)}).`, alertRef: alert.ref };
};
