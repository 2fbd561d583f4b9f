import type { SkillAction } from '../../src/skills/types';

/**
 * Records the request for the Basis team. No Basis channel (Teams, e-mail, webhook) is configured
 * yet, so the bot says plainly that nothing was delivered; delivery comes with the integrations.
 */
export const act: SkillAction = async ({ slots, services, user, conversationId, requestId }) => {
  const alertId = slots.alert ?? '';
  // Prefer our own reference when the alert is registered: it is what Basis will be asked about.
  const registered = await services.alerts.find(alertId);
  const request = await services.basisRequests.add({
    terminal: slots.terminal ?? '',
    username: slots.username ?? '',
    system: slots.system ?? '',
    alert: registered?.ref ?? alertId,
    requestedBy: user.name,
    conversationId,
    requestId,
  });
  return {
    text:
      `Recorded request ${request.id} for the Basis team (alert ${request.alert}). ` +
      'No Basis channel is configured yet, so it has not been delivered: please call or message the Basis team yourself for now.',
  };
};
