import type { Logger } from '../../logger';
import { createHttpClient } from '../http-client';
import { checkIdempotencyKey } from '../idempotency-key';
import type { NoticeAudience } from './basis-notice';
import { cardMessage, noticeCard } from './notice-card';
import { noticeAckLink } from './notice-ack-link';
import type { Notifier } from './notifier';

/** Options of createWebhookNotifier (from BASIS_/LEADS_WEBHOOK_URL, PUBLIC_BASE_URL, BASIS_ACK_SECRET). */
export interface WebhookNotifierOptions {
  audience: NoticeAudience;
  /** BASIS_WEBHOOK_URL / LEADS_WEBHOOK_URL. Its query (Workflows' `sig`) is a secret: never logged. */
  url: string;
  ack: { publicBaseUrl: string; secret: string };
  timeoutMs: number;
  logger: Logger;
}

/**
 * Posts the notice as an Adaptive Card message to a Teams Workflows webhook
 * (`{ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }] }`),
 * with an acknowledge link signed by BASIS_ACK_SECRET and an `Idempotency-Key` header.
 *
 * @example
 *   const hook = createWebhookNotifier({ audience: 'basis', url, ack, timeoutMs, logger });
 *   await hook.notify(notice, ctx); // { channel: 'webhook', delivered: 1 }
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): Notifier {
  const service = `${options.audience}-webhook`;
  const http = createHttpClient({
    service,
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    secrets: [options.ack.secret],
    authFixHint: `check ${options.audience.toUpperCase()}_WEBHOOK_URL (a Workflows URL stops working when its flow is deleted or turned off)`,
    logger: options.logger,
  });
  return {
    channel: 'webhook',
    audience: options.audience,
    recipient: `${options.audience}:webhook`,
    async notify(notice, ctx) {
      const key = checkIdempotencyKey(ctx.idempotencyKey, service);
      const link = noticeAckLink(options.ack, notice, `${options.audience}:webhook`);
      await http.request(
        {
          method: 'POST',
          path: '',
          headers: { 'Idempotency-Key': key },
          body: cardMessage(noticeCard(notice, { kind: 'url', url: link })),
        },
        ctx,
      );
      return { channel: 'webhook', delivered: 1 };
    },
  };
}
