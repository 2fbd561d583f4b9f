import type { Logger } from '../../logger';
import { checkIdempotencyKey } from '../idempotency-key';
import { IntegrationError } from '../integration-error';
import { noticeTitle } from './basis-notice';
import { noticeAckLink, type AckLinkSettings } from './notice-ack-link';
import { deliverToConversations } from './conversation-delivery';
import { ADAPTIVE_CARD_CONTENT_TYPE, noticeCard } from './notice-card';
import type { Notifier } from './notifier';
import type { ConversationDirectory, ProactiveDelivery } from './proactive-delivery';

/** Options of createTeamsNotifier; `delivery` and `conversations` are injected by the composition root. */
export interface TeamsNotifierOptions {
  /** Executives have no registered Teams channel (EXEC_NOTIFY refuses teams). */
  audience: 'basis' | 'leads';
  /**
   * Acknowledge links (PUBLIC_BASE_URL, BASIS_ACK_SECRET): a leads card acknowledges the escalation
   * with a signed link; without them it has no acknowledge button. Basis cards use the submit button.
   */
  ack?: AckLinkSettings;
  delivery: ProactiveDelivery;
  conversations: ConversationDirectory;
  logger: Logger;
}

/**
 * Sends the notice card (with an Action.Submit `{ action: 'basis.ack', ref }` button) to every
 * conversation the audience registered, through {@link deliverToConversations}: a retry skips the
 * conversations that already got it (the outbox keeps that progress on the job), a conversation
 * that is gone is given up alone, and the job is retried while any conversation failed transiently.
 *
 * @example
 *   const teams = createTeamsNotifier({ audience: 'basis', delivery, conversations, logger });
 *   await teams.notify(notice, ctx); // { channel: 'teams', delivered: 2, unreachable: 0 }
 */
export function createTeamsNotifier(options: TeamsNotifierOptions): Notifier {
  const service = `${options.audience}-teams`;
  return {
    channel: 'teams',
    audience: options.audience,
    recipient: `${options.audience}:teams`,
    async notify(notice, ctx) {
      checkIdempotencyKey(ctx.idempotencyKey, service);
      const conversations = await options.conversations.list(options.audience);
      if (conversations.length === 0) {
        throw new IntegrationError(
          `No Teams conversation is registered for ${options.audience} notifications. In the ${options.audience === 'basis' ? 'Basis' : 'SOC leads'} channel, say "register this channel for ${options.audience} notifications".`,
          { service, kind: 'not-found', retryable: false },
        );
      }
      const { delivered, unreachable } = await deliverToConversations({
        service,
        delivery: options.delivery,
        conversations,
        message: {
          text: noticeTitle(notice),
          attachments: [
            {
              contentType: ADAPTIVE_CARD_CONTENT_TYPE,
              content: noticeCard(
                notice,
                notice.audience === 'basis'
                  ? { kind: 'submit' }
                  : options.ack
                    ? { kind: 'url', url: noticeAckLink(options.ack, notice, `${options.audience}:teams`) }
                    : { kind: 'none' },
              ),
            },
          ],
        },
        progress: ctx.progress,
        signal: ctx.signal,
        saveProgress: ctx.saveProgress,
        logger: options.logger,
      });
      return { channel: 'teams', delivered, ...(unreachable > 0 ? { unreachable } : {}) };
    },
  };
}
