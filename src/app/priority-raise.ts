import { parseAlertPriority, type AlertPriority } from '../integrations/alert-facts';
import type { EscalationSettings } from './escalation-settings';

/** The lowest priority an alert on a business-critical system or about a VIP user gets. */
const RAISED_TO: AlertPriority = 'P2';

/** What {@link raisePriority} decided. */
export interface PriorityDecision {
  /** The priority to register. */
  priority: string;
  /** Set when configuration raised it: the priority asked for, and why, in words. */
  raised?: { from: string; because: string };
}

/**
 * Raises an alert to at least P2 when its system is in SOCBOT_CRITICAL_SYSTEMS or its user in
 * SOCBOT_VIP_USERS (case-insensitive; a system written with a client, `PRD/100`, counts by its
 * SID). P1 and P2 stay what they are; an unreadable priority is treated as P3.
 *
 * @example
 *   raisePriority(settings, { system: 'PRD', username: 'ana', priority: 'P4' });
 *   // { priority: 'P2', raised: { from: 'P4', because: 'PRD is a business-critical system' } }
 */
export function raisePriority(
  settings: Pick<EscalationSettings, 'criticalSystems' | 'vipUsers'>,
  alert: { system: string; username: string; priority: string },
): PriorityDecision {
  const asked = parseAlertPriority(alert.priority) ?? 'P3';
  if (asked <= RAISED_TO) return { priority: alert.priority };
  const sid =
    alert.system
      .trim()
      .toUpperCase()
      .split(/[\s/:-]/)[0] ?? '';
  const user = alert.username.trim().toUpperCase();
  const reasons = [
    ...(sid !== '' && settings.criticalSystems.includes(sid) ? [`${sid} is a business-critical system`] : []),
    ...(user !== '' && settings.vipUsers.includes(user) ? [`${user} is a VIP user`] : []),
  ];
  if (reasons.length === 0) return { priority: alert.priority };
  return { priority: RAISED_TO, raised: { from: asked, because: reasons.join(' and ') } };
}
