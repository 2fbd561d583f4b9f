import { escapeCardMarkdown } from '../integrations/notify/card-markdown';

/** What the Approve / Reject buttons of an approval card send (Action.Submit data, Action.Execute verb). */
export interface ApprovalDecisionValue {
  action: 'approval.approve' | 'approval.reject';
  approvalId: string;
}

/** Approval ids are socbot's own (`APR-0001`). */
const APPROVAL_ID = /^APR-\d{4,9}$/i;

/**
 * Reads an activity `value` as an Approve / Reject press, or undefined for anything else.
 *
 * @example
 *   readApprovalDecision({ action: 'approval.approve', approvalId: 'APR-0001' }); // { action: 'approval.approve', approvalId: 'APR-0001' }
 */
export function readApprovalDecision(value: unknown): ApprovalDecisionValue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, approvalId } = value as Record<string, unknown>;
  if ((action !== 'approval.approve' && action !== 'approval.reject') || typeof approvalId !== 'string')
    return undefined;
  const trimmed = approvalId.trim().toUpperCase();
  return APPROVAL_ID.test(trimmed) ? { action, approvalId: trimmed } : undefined;
}

/** What an approval card shows: exactly what will run, who asked, about what, until when. */
export interface ApprovalCardFacts {
  approvalId: string;
  /** What will run, one line per provider: "block terminal PC-0815 (block webhook)". */
  willRun: string[];
  system: string;
  terminal: string;
  username: string;
  alertRef: string;
  requestedBy: string;
  /** Why a second person is needed, in words. */
  why: string;
  /** ISO time after which the buttons do nothing. */
  expiresAt: string;
}

/**
 * The message and Adaptive Card that ask the SOC leads to approve or reject a request. Every value
 * from the request is markdown-escaped: it is data typed by an analyst, never formatting or a link.
 *
 * @example
 *   const { text, card } = approvalCard({ approvalId: 'APR-0001', willRun: ['block terminal PC-0815 (block webhook)'], … });
 */
export function approvalCard(facts: ApprovalCardFacts): { text: string; card: Record<string, unknown> } {
  const expires = `${facts.expiresAt.slice(0, 16).replace('T', ' ')} UTC`;
  const text =
    `Approval needed (${facts.approvalId}): ${facts.requestedBy} asks to ${facts.willRun.join(' and ')} ` +
    `on ${facts.system || 'an unnamed system'} for alert ${facts.alertRef}. Expires ${expires}.`;
  const data = (action: ApprovalDecisionValue['action']): ApprovalDecisionValue => ({
    action,
    approvalId: facts.approvalId,
  });
  const fact = (title: string, value: string) => ({ title, value: escapeCardMarkdown(value || '-') });
  return {
    text,
    card: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.4',
      body: [
        {
          type: 'TextBlock',
          text: `Approval needed: ${facts.approvalId}`,
          weight: 'Bolder',
          size: 'Medium',
          wrap: true,
        },
        {
          type: 'FactSet',
          facts: [
            fact('Will run', facts.willRun.join('; ')),
            fact('System', facts.system),
            fact('Terminal', facts.terminal),
            fact('User', facts.username),
            fact('Alert', facts.alertRef),
            fact('Requested by', facts.requestedBy),
            fact('Why approval', facts.why),
            fact('Expires', expires),
          ],
        },
        {
          type: 'TextBlock',
          text: 'The first SOC lead other than the requester decides; nothing runs before.',
          isSubtle: true,
          wrap: true,
        },
      ],
      actions: [
        { type: 'Action.Submit', title: 'Approve', data: data('approval.approve') },
        { type: 'Action.Submit', title: 'Reject', data: data('approval.reject') },
      ],
    },
  };
}
