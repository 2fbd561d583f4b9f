import { systemLabel } from '../alert-facts';
import { singleLine } from '../bounded-text';
import type { BasisNotice } from './basis-notice';

/** The most an escalation SMS says: two concatenated GSM-7 segments' worth, a phone shows it as one. */
export const MAX_SMS_CHARS = 320;

/**
 * The text of an escalation SMS: priority, ref, system, the SIEM title (or user and terminal),
 * and the acknowledge link, in at most {@link MAX_SMS_CHARS} characters. No secret goes in: the
 * link's token names one alert and one recipient and only acknowledges. What does not fit is cut
 * from the title first, then the user/terminal part; the link is never cut (a cut link does not
 * work): when it alone leaves no room, the text says where else to acknowledge.
 *
 * @example
 *   smsText(notice, 'https://socbot.example.com/api/escalation/ack?ref=SOC-2026-0001&r=…&token=…');
 *   // 'socbot P1 SOC-2026-0001 on PRD/100: Brute force on DDIC. Ack: https://…'
 */
export function smsText(notice: BasisNotice, ackLink: string): string {
  const reminder =
    notice.escalation?.tier === 'reminder'
      ? `NOT ACKNOWLEDGED for ${notice.escalation.unacknowledgedMinutes ?? '?'} min. `
      : '';
  const head = `${reminder}socbot ${notice.priority} ${singleLine(notice.ref, 32)} on ${singleLine(systemLabel(notice), 24)}`;
  const what = notice.title
    ? singleLine(notice.title, 200)
    : `user ${singleLine(notice.username, 40)}, terminal ${singleLine(notice.terminal, 40)}`;
  const tail = ` Ack: ${ackLink}`;
  if (head.length + tail.length > MAX_SMS_CHARS) {
    return fit(`${head}. Acknowledge in socbot or Teams.`);
  }
  const room = MAX_SMS_CHARS - head.length - tail.length - 3; // ": " and "."
  if (room < 8) return `${head}.${tail}`;
  return `${head}: ${cut(what, room)}.${tail}`;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function fit(text: string): string {
  return cut(text, MAX_SMS_CHARS);
}
