import type { SkillAction } from '../../src/skills/types';

/** Priority given when the analyst skips it. */
const DEFAULT_PRIORITY = 'P3';

/**
 * Records the alert in the local register and answers with its reference. A system value with a
 * client (`PRD/100`, `PRD 100`, `PRD:100`) is stored as system `PRD`, client `100`.
 */
export const act: SkillAction = async ({ slots, services, user, conversationId, requestId }) => {
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
  return {
    text:
      `Registered alert ${alert.alertId} as ${alert.ref} (priority ${alert.priority}). ` +
      'Say "inform Basis" if the Basis team should know.',
  };
};

function splitSystemAndClient(value: string): { system: string; client?: string } {
  const match = /^([A-Za-z0-9]{3})\s*[/:\s-]\s*(\d{3})$/.exec(value.trim());
  return match?.[1] && match[2] ? { system: match[1].toUpperCase(), client: match[2] } : { system: value };
}
