import type { AlertPriority } from '../alert-facts';
import type { EscalationTier, NoticeAudience } from './basis-notice';

/** Priorities that escalate to the SOC leads and the executives (docs/escalation.md). */
export const ESCALATED_PRIORITIES: readonly AlertPriority[] = ['P1', 'P2'];

/** The audiences an escalation reaches. */
export type EscalationAudience = Exclude<NoticeAudience, 'basis'>;

/**
 * Who a Basis request ("inform Basis") tells: the Basis team only, whatever the priority. The SOC
 * leads hear of P1/P2 alerts from the escalation, when the alert is registered, so they are not
 * told twice.
 *
 * @example
 *   noticeAudiences('P1'); // ['basis']
 */
export function noticeAudiences(_priority: AlertPriority): NoticeAudience[] {
  return ['basis'];
}

/**
 * The escalation policy: who is told of an alert at registration (`first`), and who once it went
 * SOCBOT_ESCALATE_AFTER_MINUTES without an acknowledgement (`reminder`).
 *
 * | priority | first | reminder (unacknowledged) |
 * |---|---|---|
 * | P1 | leads, executives | leads, executives again |
 * | P2 | leads | executives |
 * | P3–P5 | nobody | nobody |
 *
 * @example
 *   escalationAudiences('P2', 'reminder'); // ['exec']
 */
export function escalationAudiences(priority: AlertPriority, tier: EscalationTier): EscalationAudience[] {
  if (priority === 'P1') return ['leads', 'exec'];
  if (priority === 'P2') return tier === 'first' ? ['leads'] : ['exec'];
  return [];
}
