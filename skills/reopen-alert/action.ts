import type { SkillAction } from '../../src/skills/types';
import { notDone, standing } from '../lookup-alert/alert-replies';
import { ticketUpdateSentence } from '../close-alert/ticket-update';

/** Reopens the alert (the lifecycle checks who may) and says what became of the ticket's update. */
export const act: SkillAction = async ({ slots, services, requestId }) => {
  const reopened = await services.lifecycle.reopen(slots.alert ?? '', requestId);
  if (!reopened.ok) return notDone(reopened);
  const alert = reopened.value;
  const ticket = await ticketUpdateSentence(alert, services);
  return { text: `Reopened ${alert.ref} (${standing(alert)}). ${ticket}`, alertRef: alert.ref };
};
