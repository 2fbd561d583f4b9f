import type { SkillAction } from '../../src/skills/types';
import { notDone } from '../lookup-alert/alert-replies';

/**
 * The named person leads the alert from now on (the lifecycle resolves a first name, checks the
 * roles). Someone socbot does not know was asked for again before the confirmation; the lifecycle
 * refuses them here too, since a saved form may be confirmed after a restart with other roles.
 */
export const act: SkillAction = async ({ slots, services, requestId }) => {
  const assigned = await services.lifecycle.assign(slots.alert ?? '', slots.person ?? '', requestId);
  if (!assigned.ok) return notDone(assigned);
  const alert = assigned.value;
  return { text: `${alert.lead?.name ?? slots.person ?? ''} leads ${alert.ref} now.`, alertRef: alert.ref };
};
