import type { AlertClassification, SkillAction } from '../../src/skills/types';
import { classificationWords, notDone } from '../lookup-alert/alert-replies';
import { ticketUpdateSentence } from './ticket-update';

/**
 * Closes the alert with its classification (the lifecycle checks who may) and says what became of
 * the ticket's update. Acting again with the same request id (a crash replay) finds the close and
 * its ticket update instead of making them twice.
 */
export const act: SkillAction = async ({ slots, services, requestId }) => {
  const classification = (slots.classification ?? '') as AlertClassification;
  const closed = await services.lifecycle.close(slots.alert ?? '', classification, requestId);
  if (!closed.ok) return notDone(closed);
  const alert = closed.value;
  const ticket = await ticketUpdateSentence(alert, services);
  return {
    text: `Closed ${alert.ref} as ${classificationWords(alert.classification ?? classification)}. ${ticket}`,
    alertRef: alert.ref,
  };
};
