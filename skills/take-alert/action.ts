import type { SkillAction, SkillCheck } from '../../src/skills/types';
import { notDone, standing } from '../lookup-alert/alert-replies';

/** The asker leads the alert from now on; who may is the lifecycle's rule (its refusal is shown). */
export const act: SkillAction = async ({ slots, services, requestId }) => {
  const taken = await services.lifecycle.takeLead(slots.alert ?? '', requestId);
  if (!taken.ok) return notDone(taken);
  const alert = taken.value;
  return { text: `You lead ${alert.ref} now (${standing(alert)}).`, alertRef: alert.ref };
};

/**
 * Taking the lead from someone else is asked once more, naming who leads it: "take" acts without a
 * confirmation, and a misread message ("who leads this?") must not silently take a colleague's alert.
 * Only "yes anyway" (or the warning card's Confirm) takes over. Taken at once: an alert nobody or the
 * asker leads, one whose lead was named before socbot kept identities (nobody's, as the lifecycle
 * rules say), and a closed one (the action then says why it cannot be changed).
 */
export const check: SkillCheck = async ({ slots, services }) => {
  const found = await services.lifecycle.lookup(slots.alert ?? '');
  const alert = found.ok ? found.value : undefined;
  if (!alert?.lead || alert.lead.id === null || alert.status === 'closed') return undefined;
  if (services.lifecycle.leadsIt(alert)) return undefined;
  return { warning: `${alert.lead.name} leads ${alert.ref} (${alert.status}): take the lead from them?` };
};
