import { z } from 'zod';
import { IntegrationError } from '../integrations/integration-error';
import { deliverToConversations } from '../integrations/notify/conversation-delivery';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../integrations/notify/notice-card';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'post.approval';
const SERVICE = 'leads-teams';

/** An approval card for the SOC leads (and the incident's room). */
export interface ApprovalCardPost {
  approvalId: string;
  /** The message text beside the card. */
  text: string;
  card: Record<string, unknown>;
  /** Every conversation of the incident's room (its Teams thread, its shared Web Chat page), if any. */
  rooms?: string[];
  /** One room conversation: how jobs queued before `rooms` stored it (outbox.json keeps them). */
  room?: string;
}

const approvalCardPostSchema = z.object({
  approvalId: z.string().min(1),
  text: z.string(),
  card: z.record(z.string(), z.unknown()),
  rooms: z.array(z.string().min(1)).optional(),
  room: z.string().min(1).optional(),
}) satisfies z.ZodType<ApprovalCardPost>;

/** How many conversations got the card, and how many no longer take messages. */
export interface ApprovalCardResult {
  delivered: number;
  unreachable?: number;
}

const resultSchema = z.object({
  delivered: z.number(),
  unreachable: z.number().optional(),
}) satisfies z.ZodType<ApprovalCardResult>;

/**
 * Posts an approval card to every conversation registered for the SOC leads ("register this
 * channel for leads") and to every conversation of the incident's room (its Teams thread and its
 * shared Web Chat page, where results and lifecycle changes go too), once per approval (keyed by
 * its id), each conversation once across attempts (deliverToConversations; a page nobody has open
 * is skipped as unreachable). With no conversation to post to it fails at once and says how to
 * register one: the request waits in approvals.json meanwhile.
 *
 * @example
 *   await jobs.queue(outbox, approvalCardJob, { approvalId: 'APR-0001', text, card }, { alertRef });
 */
export const approvalCardJob = defineJobKind<ApprovalCardPost, ApprovalCardResult>({
  type: TYPE,
  payload: approvalCardPostSchema,
  result: resultSchema,
  key: (post) => idempotencyKeyOf(post.approvalId, TYPE),
  // Posting the card again is the requester's call, like the Basis notice they asked for.
  permission: 'inform_basis',
  wording: (post) => ({
    task: `ask the SOC leads to approve ${post.approvalId}`,
    success: (result) =>
      `Asked the SOC leads to approve ${post.approvalId} (${result.delivered} conversation${result.delivered === 1 ? '' : 's'}).`,
  }),
  handler:
    ({ delivery, conversations }) =>
    async (post, context) => {
      // A set: a room conversation also registered for the leads gets the card once.
      const keys = [
        ...new Set([
          ...(await conversations.list('leads')),
          ...(post.rooms ?? []),
          ...(post.room ? [post.room] : []),
        ]),
      ];
      if (keys.length === 0) {
        throw new IntegrationError(
          'No conversation is registered for SOC lead notifications, so no lead can see the approval card. In the SOC leads\' channel, a lead says "register this channel for leads"; then retry.',
          { service: SERVICE, kind: 'not-found', retryable: false },
        );
      }
      const { delivered, unreachable } = await deliverToConversations({
        service: SERVICE,
        delivery,
        conversations: keys,
        message: {
          text: post.text,
          attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: post.card }],
        },
        progress: context.progress,
        signal: context.signal,
        saveProgress: context.saveProgress,
      });
      return { delivered, ...(unreachable > 0 ? { unreachable } : {}) };
    },
});
