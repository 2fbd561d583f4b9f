import { splitSystemAndClient } from '../../src/skills/system-slot';
import type { SkillAction, SkillCheck } from '../../src/skills/types';

/** Priority given when the analyst skips it. */
const DEFAULT_PRIORITY = 'P3';

/** Priorities that are escalated to the SOC leads and executives (docs/escalation.md). */
const ESCALATED = ['P1', 'P2'];

/**
 * Records the alert in the local register and, when a ticketing system is configured, queues its
 * ticket (reported at once when the system answers quickly, later otherwise). A system value with
 * a client (`PRD/100`, `PRD 100`, `PRD:100`) is stored as system `PRD`, client `100`. A
 * business-critical system or VIP user raises the priority to at least P2 (recorded on the alert
 * and said); a P1/P2 alert is escalated to the SOC leads (and executives) at once.
 */
export const act: SkillAction = async ({ slots, services, user, conversationId, requestId }) => {
  const permission = await services.actions.authorize('register_alert', {
    summary: `register alert ${slots.alertId ?? ''}`,
  });
  if (!permission.allowed)
    return { text: `I did not register the alert. ${permission.reason}`, outcome: 'refused' };

  const { system, client } = splitSystemAndClient(slots.system ?? '');
  const decided = services.actions.priorityFor({
    system,
    username: slots.username ?? '',
    priority: slots.priority ?? DEFAULT_PRIORITY,
  });
  const alert = await services.alerts.add({
    alertId: slots.alertId ?? '',
    terminal: slots.terminal ?? '',
    username: slots.username ?? '',
    system,
    ...(client ? { client } : {}),
    priority: decided.priority,
    ...(decided.raised
      ? { priorityRaisedFrom: decided.raised.from, priorityRaisedBecause: decided.raised.because }
      : {}),
    createdBy: user.name,
    conversationId,
    requestId,
  });
  const ticket = await services.actions.createTicket(alert);
  const escalated = await services.actions.escalate(alert);
  const lines = [`Registered alert ${alert.alertId} as ${alert.ref} (priority ${alert.priority}).`];
  // From the record: a replayed registration says what the first one decided.
  if (alert.priorityRaisedFrom && alert.priorityRaisedBecause) {
    lines.push(
      `I raised it from ${alert.priorityRaisedFrom} to ${alert.priority}: ${alert.priorityRaisedBecause}.`,
    );
  }
  if (!ticket)
    lines.push(
      'No ticketing system is configured (TICKETING=none), so the local register is the only record.',
    );
  lines.push(...(await services.actions.report([...(ticket ? [ticket] : []), ...escalated])));
  if (
    ESCALATED.includes(alert.priority) &&
    services.actions.configured.escalationChannels(alert.priority).length === 0
  ) {
    lines.push(
      'Nobody is configured to be told of P1/P2 alerts (LEADS_NOTIFY and EXEC_NOTIFY are empty): please call the SOC lead yourself.',
    );
  }
  lines.push('Say "inform Basis" if the Basis team should know.');
  return { alertRef: alert.ref, text: lines.join(' ') };
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
