import type { BasisNotice } from './basis-notice';
import { noticeFacts, noticeTitle } from './basis-notice';
import { escapeCardMarkdown } from './card-markdown';

/** The value a Teams acknowledge button submits; the channels code routes it to the acknowledgement. */
export interface BasisAckSubmit {
  action: 'basis.ack';
  ref: string;
}

/** How the card lets Basis acknowledge: a Teams submit button, or a signed link (webhook, e-mail). */
export type AckAction = { kind: 'submit' } | { kind: 'url'; url: string } | { kind: 'none' };

/** How each audience is named on its card. */
const AUDIENCE_LABELS = { basis: 'SAP Basis', leads: 'SOC leads', exec: 'executives' } as const;

/** The attachment content type of an Adaptive Card. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * The notice as an Adaptive Card (1.4, which Teams renders): title, facts, acknowledge action.
 * Values are markdown-escaped; the card is data, serialized by JSON.stringify by the sender.
 *
 * @example
 *   noticeCard(notice, { kind: 'submit' }).actions[0];
 *   // { type: 'Action.Submit', title: 'Acknowledge', data: { action: 'basis.ack', ref: 'SOC-2026-0001' } }
 */
export function noticeCard(notice: BasisNotice, ack: AckAction) {
  const audience = AUDIENCE_LABELS[notice.audience];
  const actions =
    ack.kind === 'submit'
      ? [
          {
            type: 'Action.Submit',
            title: 'Acknowledge',
            data: { action: 'basis.ack', ref: notice.ref } satisfies BasisAckSubmit,
          },
        ]
      : ack.kind === 'url'
        ? [{ type: 'Action.OpenUrl', title: 'Acknowledge', url: ack.url }]
        : [];
  const ask = notice.escalation
    ? `For the ${audience}: a ${notice.priority} alert${notice.escalation.tier === 'reminder' ? ' nobody has acknowledged yet' : ''}. Acknowledge to stop the escalation.`
    : `For ${audience}: please act on this attacker and acknowledge.`;
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      {
        type: 'TextBlock',
        text: escapeCardMarkdown(noticeTitle(notice)),
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
      },
      {
        type: 'TextBlock',
        text: ask,
        wrap: true,
      },
      {
        type: 'FactSet',
        facts: noticeFacts(notice).map(([title, value]) => ({ title, value: escapeCardMarkdown(value) })),
      },
    ],
    actions,
  };
}

/**
 * The card wrapped as a message with one attachment: what a Teams Workflows webhook ("When a
 * Teams webhook request is received") and a Bot Framework activity both carry.
 *
 * @example
 *   JSON.stringify(cardMessage(noticeCard(notice, { kind: 'url', url })));
 */
export function cardMessage(card: ReturnType<typeof noticeCard>) {
  return {
    type: 'message' as const,
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
}
