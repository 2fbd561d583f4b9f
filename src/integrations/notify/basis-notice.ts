import type { AlertFacts } from '../alert-facts';
import { singleLine } from '../bounded-text';

/** Who a notice is for: the SAP Basis team, or the SOC leads (P1/P2). */
export type NoticeAudience = 'basis' | 'leads';

/**
 * What the Basis team (and for P1/P2 the SOC leads) is told about an attacker.
 *
 * @example
 *   const notice: BasisNotice = { audience: 'basis', ref: 'SOC-2026-0001', alertId: '4711', priority: 'P1',
 *     terminal: 'PC-0815', username: 'DDIC', system: 'PRD', client: '100', blocked: ['terminal PC-0815 (NAC)'],
 *     requestedBy: 'Ana' };
 */
/** The alert's facts (its `ref` is what an acknowledgement names), who it goes to and what was blocked. */
export interface BasisNotice extends Omit<AlertFacts, 'summary'> {
  audience: NoticeAudience;
  /** What socbot already blocked, in words ("terminal PC-0815 (firewall)", "user DDIC (SCIM)"); empty: nothing. */
  blocked: string[];
}

/**
 * The notice as bounded `label: value` pairs, in the order every channel shows them.
 *
 * @example
 *   noticeFacts(notice); // [['Terminal', 'PC-0815'], ['User', 'DDIC'], ['System', 'PRD/100'], …]
 */
export function noticeFacts(notice: BasisNotice): Array<[label: string, value: string]> {
  const facts: Array<[string, string]> = [
    ['Terminal', notice.terminal],
    ['User', notice.username],
    ['System', notice.client ? `${notice.system}/${notice.client}` : notice.system],
  ];
  if (notice.ip) facts.push(['IP address', notice.ip]);
  facts.push(
    ['Alert', `${notice.ref} (alert ID ${notice.alertId})`],
    ['Priority', notice.priority],
    ['Blocked', notice.blocked.length > 0 ? notice.blocked.join('; ') : 'nothing yet'],
    ['Reported by', notice.requestedBy],
  );
  return facts.map(([label, value]) => [
    label,
    singleLine(value, label === 'Blocked' || label === 'Alert' ? 600 : undefined),
  ]);
}

/**
 * One-line headline of a notice (e-mail subject, card title).
 *
 * @example
 *   noticeTitle(notice); // 'P1 SAP security alert on PRD/100: user DDIC from terminal PC-0815'
 */
export function noticeTitle(notice: BasisNotice): string {
  const system = notice.client ? `${notice.system}/${notice.client}` : notice.system;
  return singleLine(
    `${notice.priority} SAP security alert on ${singleLine(system, 32)}: user ${singleLine(notice.username, 64)} from terminal ${singleLine(notice.terminal, 64)}`,
    160,
  );
}
