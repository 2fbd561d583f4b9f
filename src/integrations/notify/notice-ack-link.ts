import { ackUrl } from '../ack-token';
import { escalationAckUrl } from '../escalation-ack-token';
import type { BasisNotice } from './basis-notice';

/** Where acknowledge links point and what signs them (PUBLIC_BASE_URL, BASIS_ACK_SECRET). */
export interface AckLinkSettings {
  publicBaseUrl: string;
  secret: string;
}

/**
 * The acknowledge link a notice carries: a Basis notice acknowledges the Basis request
 * (/api/basis/ack); a notice to the leads or executives acknowledges the escalation
 * (/api/escalation/ack), signed for that recipient and issued when its tier was queued, so a
 * retried delivery carries the same link.
 *
 * @example
 *   noticeAckLink(ack, notice, 'leads:webhook'); // 'https://socbot.example.com/api/escalation/ack?ref=…'
 */
export function noticeAckLink(ack: AckLinkSettings, notice: BasisNotice, recipient: string): string {
  if (notice.audience === 'basis') return ackUrl(ack.publicBaseUrl, notice.ref, ack.secret);
  const issuedAt = notice.escalation ? new Date(notice.escalation.at) : new Date();
  return escalationAckUrl(ack.publicBaseUrl, notice.ref, recipient, ack.secret, issuedAt);
}
