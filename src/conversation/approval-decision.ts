import type { Approvals } from '../app/approvals';
import { say, type BotReply } from './bot-reply';
import type { ApprovalDecisionValue } from './approval-card';
import type { TurnSource } from './turn-input';

/** "approve APR-0001", "reject APR-0002": the card's buttons as a sentence (console, Web Chat). */
const COMMAND = /^(approve|reject)\s+(APR-\d{4,9})[\s.!]*$/i;

/**
 * Reads a typed decision on an approval request. Matched by pattern, not by the intent model: a
 * decision with one exact form that must never be mistaken for anything else.
 *
 * @example
 *   readApprovalCommand('approve APR-0001'); // { action: 'approval.approve', approvalId: 'APR-0001' }
 */
export function readApprovalCommand(text: string): ApprovalDecisionValue | undefined {
  const match = COMMAND.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return {
    action: match[1].toLowerCase() === 'approve' ? 'approval.approve' : 'approval.reject',
    approvalId: match[2].toUpperCase(),
  };
}

/**
 * A SOC lead pressed Approve or Reject on an approval card (or typed it). The approvals service
 * checks the role first, refuses the requester, never acts after the expiry, decides once; this
 * says what happened to the person who pressed. The requester is told by the service.
 */
export async function handleApprovalDecision(
  value: ApprovalDecisionValue,
  source: TurnSource,
  approvals: Pick<Approvals, 'decide'>,
): Promise<BotReply> {
  const id = value.approvalId;
  const verb = value.action === 'approval.approve' ? 'approve' : 'reject';
  const result = await approvals.decide({
    approvalId: id,
    decision: value.action === 'approval.approve' ? 'approved' : 'rejected',
    actor: source.actor,
    conversationId: source.conversationId,
  });
  switch (result.kind) {
    case 'refused':
      return say(`I did not record your decision on ${id}. ${result.reason}`);
    case 'unknown':
      return say(`I have no approval request ${id}, so there is nothing to decide.`);
    case 'self':
      return say(
        `You asked for ${id} yourself, so you cannot ${verb} it: another SOC lead decides (two-person rule). Nothing changed.`,
      );
    case 'already-decided': {
      const by = result.request.decidedBy;
      return say(
        `${id} was already ${result.request.status} by ${by?.name ?? by?.id ?? 'a SOC lead'} at ${utc(result.request.decidedAt)}; nothing changed.`,
      );
    }
    case 'expired':
      return say(
        `${id} expired at ${utc(result.request.expiresAt)} without a decision, so it can no longer be approved and nothing was blocked. ${requester(result.request)} has been told and can ask again.`,
      );
    case 'rejected':
      return say(`Rejected ${id}: nothing is blocked. ${requester(result.request)} has been told.`);
    case 'approved': {
      const what =
        result.queued.length > 0 ? result.queued.join('; ') : 'nothing (no blocking is configured now)';
      return say(
        `Approved ${id}: ${what} on ${result.request.system} for alert ${result.request.alertRef}, queued now. ${requester(result.request)} has been told and gets the result.`,
      );
    }
  }
}

function requester(request: { requestedBy: { id: string; name?: string } }): string {
  return request.requestedBy.name ?? request.requestedBy.id;
}

function utc(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'an unknown time';
}
