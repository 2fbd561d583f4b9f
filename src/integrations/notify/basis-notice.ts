import type { AlertFacts } from '../alert-facts';
import { singleLine } from '../bounded-text';

/** Who a notice is for: the SAP Basis team, the SOC leads or the executives (P1/P2 escalation). */
export type NoticeAudience = 'basis' | 'leads' | 'exec';

/** The escalation tiers of a P1/P2 alert: at once, and after SOCBOT_ESCALATE_AFTER_MINUTES unacknowledged. */
export type EscalationTier = 'first' | 'reminder';

/** What makes a notice an escalation (to the leads or executives) rather than a Basis request. */
export interface EscalationInfo {
  tier: EscalationTier;
  /** ISO time the tier was queued: its acknowledge link is issued then, so a retry sends the same text. */
  at: string;
  /** A reminder: how many minutes the alert has gone unacknowledged. */
  unacknowledgedMinutes?: number;
  /** Why configuration lifted the priority ("PRD is a business-critical system"), when it did. */
  liftedBecause?: string;
}

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
  /** The SIEM's one-line name of the alert, when it came from the intake. */
  title?: string;
  /** Set on escalation notices (leads, executives). */
  escalation?: EscalationInfo;
}

/**
 * The notice as bounded `label: value` pairs, in the order every channel shows them.
 *
 * @example
 *   noticeFacts(notice); // [['Terminal', 'PC-0815'], ['User', 'DDIC'], ['System', 'PRD/100'], …]
 */
export function noticeFacts(notice: BasisNotice): Array<[label: string, value: string]> {
  const facts: Array<[string, string]> = [
    ...(notice.title ? [['Title', notice.title] as [string, string]] : []),
    ['Terminal', notice.terminal],
    ['User', notice.username],
    ['System', notice.client ? `${notice.system}/${notice.client}` : notice.system],
  ];
  if (notice.ip) facts.push(['IP address', notice.ip]);
  facts.push(
    ['Alert', `${notice.ref} (alert ID ${notice.alertId})`],
    [
      'Priority',
      notice.escalation?.liftedBecause
        ? `${notice.priority} (${notice.escalation.liftedBecause})`
        : notice.priority,
    ],
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
  const reminder =
    notice.escalation?.tier === 'reminder'
      ? `Not acknowledged for ${notice.escalation.unacknowledgedMinutes ?? '?'} min: `
      : '';
  return singleLine(
    `${reminder}${notice.priority} SAP security alert on ${singleLine(system, 32)}: user ${singleLine(notice.username, 64)} from terminal ${singleLine(notice.terminal, 64)}`,
    160,
  );
}
