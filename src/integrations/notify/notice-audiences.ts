import type { AlertPriority } from '../alert-facts';
import type { NoticeAudience } from './basis-notice';

/** Priorities a SOC escalates to its leads. */
export const LEAD_PRIORITIES: readonly AlertPriority[] = ['P1', 'P2'];

/**
 * Who is told about an alert of this priority: always Basis, and the SOC leads for P1 and P2.
 *
 * @example
 *   noticeAudiences('P1'); // ['basis', 'leads']
 *   noticeAudiences('P3'); // ['basis']
 */
export function noticeAudiences(priority: AlertPriority): NoticeAudience[] {
  return LEAD_PRIORITIES.includes(priority) ? ['basis', 'leads'] : ['basis'];
}
