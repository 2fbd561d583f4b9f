import type { SkillAction } from '../../src/skills/types';
import { notDone, standing } from '../lookup-alert/alert-replies';

/** The alert is contained from now on. */
export const act: SkillAction = async ({ slots, services, requestId }) => {
  const contained = await services.lifecycle.contain(slots.alert ?? '', requestId);
  if (!contained.ok) return notDone(contained);
  const alert = contained.value;
  return {
    text: `Marked ${alert.ref} contained (${standing(alert)}). Close it with a classification once you know what it was.`,
    alertRef: alert.ref,
  };
};
