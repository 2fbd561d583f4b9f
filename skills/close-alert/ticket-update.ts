import type { AlertWithTicket, SkillServices } from '../../src/skills/types';

/**
 * What became of the ticket's update after a close or reopen: its outcome when the ticketing system
 * answers within the acknowledgement window, "on it" otherwise (the outcome follows as a message),
 * or why nothing was queued (no ticketing, no ticket).
 */
export async function ticketUpdateSentence(alert: AlertWithTicket, services: SkillServices): Promise<string> {
  const update = alert.ticketUpdate;
  if (!update.queued) return update.said;
  const ticket = update.ticket
    ? `ticket ${update.ticket}`
    : 'its ticket (not created yet; updated once it exists)';
  const [outcome] = await services.actions.report([
    { jobId: update.jobId, description: `update ${ticket} of ${alert.ref}` },
  ]);
  return outcome ?? `I queued the update of ${ticket}.`;
}
