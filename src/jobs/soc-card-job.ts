import { z } from 'zod';
import { IntegrationError } from '../integrations/integration-error';
import { deliverToConversations } from '../integrations/notify/conversation-delivery';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../integrations/notify/notice-card';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'post.soc';
const SERVICE = 'soc-teams';

/** A SIEM alert card for the SOC conversations. */
export interface SocCard {
  ref: string;
  /** The message text beside the card (notifications and clients without cards show it). */
  text: string;
  /** The Adaptive Card, as built by the SIEM intake. */
  card: Record<string, unknown>;
}

const socCardSchema = z.object({
  ref: z.string(),
  text: z.string(),
  card: z.record(z.string(), z.unknown()),
}) satisfies z.ZodType<SocCard>;

/** How many SOC conversations got the card, and how many no longer take messages. */
export interface SocCardResult {
  delivered: number;
  unreachable?: number;
}

const socCardResultSchema = z.object({
  delivered: z.number(),
  unreachable: z.number().optional(),
}) satisfies z.ZodType<SocCardResult>;

/**
 * Posts a SIEM alert card to every conversation registered for SOC alerts ("register this channel
 * for soc alerts"), with the same per-conversation rule as Teams notices (deliverToConversations).
 * Without a registered conversation it fails at once and says how to register one; the alert
 * itself is in the register and the audit trail.
 *
 * @example
 *   await jobs.queue(outbox, socCardJob, { ref, text, card }, { alertRef: ref });
 */
export const socCardJob = defineJobKind<SocCard, SocCardResult>({
  type: TYPE,
  payload: socCardSchema,
  result: socCardResultSchema,
  key: (post) => idempotencyKeyOf(post.ref, TYPE),
  permission: 'register_alert',
  wording: (post) => ({
    task: `post the SIEM alert card for ${post.ref} to the SOC channel`,
    success: () => `Posted the SIEM alert card for ${post.ref} to the SOC channel.`,
  }),
  handler:
    ({ delivery, conversations }) =>
    async (post, context) => {
      const keys = await conversations.list('soc');
      if (keys.length === 0) {
        throw new IntegrationError(
          'No conversation is registered for SOC alerts. In the SOC channel, say "register this channel for soc alerts".',
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
