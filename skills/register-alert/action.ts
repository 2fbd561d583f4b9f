import type { SkillAction, SkillCheck } from '../../src/skills/types';

/** Priority given when the analyst skips it. */
const DEFAULT_PRIORITY = 'P3';

/**
 * Records the alert in the local register and, when a ticketing system is configured, queues its
 * ticket (reported at once when the system answers quickly, later otherwise). A system value with
 * a client (`PRD/100`, `PRD 100`, `PRD:100`) is stored as system `PRD`, client `100`.
 */
export const act: SkillAction = async ({ slots, services, user, conversationId, requestId }) => {
  const permission = await services.actions.authorize('register_alert', {
    summary: `register alert ${slots.alertId ?? ''}`,
  });
  if (!permission.allowed)
    return { text: `I did not register the alert. ${permission.reason}`, outcome: 'refused' };

  const { system, client } = splitSystemAndClient(slots.system ?? '');
  const alert = await services.alerts.add({
    alertId: slots.alertId ?? '',
    terminal: slots.terminal ?? '',
    username: slots.username ?? '',
    system,
    ...(client ? { client } : {}),
    priority: slots.priority ?? DEFAULT_PRIORITY,
    createdBy: user.name,
    conversationId,
    requestId,
  });
  const ticket = await services.actions.createTicket(alert);
  const ticketLines = ticket
    ? await services.actions.report([ticket])
    : ['No ticketing system is configured (TICKETING=none), so the local register is the only record.'];
  return {
    alertRef: alert.ref,
    text: [
      `Registered alert ${alert.alertId} as ${alert.ref} (priority ${alert.priority}).`,
      ...ticketLines,
      'Say "inform Basis" if the Basis team should know.',
    ].join(' '),
  };
};

/**
 * Before registering: is this alert ID already registered on this system? Then the analyst is told
 * the existing reference and must insist (an explicit yes) to register it again.
 */
export const check: SkillCheck = async ({ slots, services }) => {
  const { system } = splitSystemAndClient(slots.system ?? '');
  const same = (await services.alerts.withAlertId(slots.alertId ?? '')).filter(
    (alert) => alert.system.toUpperCase() === system.toUpperCase(),
  );
  const latest = same.at(-1);
  if (!latest) return undefined;
  const refs = same.map((alert) => alert.ref).join(', ');
  return {
    warning: `Alert ${latest.alertId} on ${latest.system} is already registered as ${refs}: register it again anyway?`,
  };
};

function splitSystemAndClient(value: string): { system: string; client?: string } {
  const match = /^([A-Za-z0-9]{3})\s*[/:\s-]\s*(\d{3})$/.exec(value.trim());
  return match?.[1] && match[2] ? { system: match[1].toUpperCase(), client: match[2] } : { system: value };
}
