import type { Logger } from '../../logger';
import type { AlertFacts } from '../alert-facts';
import { alertTitle, boundedAlertFacts } from '../alert-description';
import { singleLine } from '../bounded-text';
import { createHttpClient } from '../http-client';
import { checkIdempotencyKey } from '../idempotency-key';
import { signWebhook } from '../webhook-signature';
import type { TicketingProvider } from './ticketing-provider';
import { updateNotes } from './update-notes';

/** Options of createWebhookTicketing (from ALERT_WEBHOOK_URL, WEBHOOK_SECRET). */
export interface WebhookTicketingOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  logger: Logger;
  now?: () => Date;
}

/** The `event` field of an alert webhook. */
export const ALERT_WEBHOOK_EVENT = 'socbot.alert.registered';

/** The `event` field of the webhook that tells the receiver an alert was closed or reopened, or adds a note to its ticket. */
export const ALERT_UPDATED_WEBHOOK_EVENT = 'socbot.alert.updated';

/**
 * Tickets through a generic webhook: a JSON POST signed with HMAC-SHA256 (`X-Socbot-Timestamp`,
 * `X-Socbot-Signature: sha256=<hex>` over `timestamp + "." + body`) and an `Idempotency-Key`
 * header; a receiver that honours the key creates one ticket per key. If the receiver answers
 * JSON with a string `id` (and optionally `number`, `url`), that is the ticket; otherwise the
 * idempotency key stands in for it.
 *
 * @example
 *   const hook = createWebhookTicketing({ url, secret, timeoutMs, logger });
 *   await hook.createTicket(alert, { idempotencyKey: 'ticket:SOC-2026-0001', signal });
 */
export function createWebhookTicketing(options: WebhookTicketingOptions): TicketingProvider {
  const now = options.now ?? (() => new Date());
  const http = createHttpClient({
    service: 'alert-webhook',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    secrets: [options.secret],
    authFixHint: 'check that the receiver expects WEBHOOK_SECRET as its signing secret',
    logger: options.logger,
  });
  /** Posts one signed event carrying its idempotency key (body and header); answers the receiver's JSON object. */
  const postEvent = async (
    key: string,
    event: string,
    fields: Record<string, unknown>,
    ctx: Parameters<typeof http.request>[1],
  ): Promise<Record<string, unknown>> => {
    const { data } = await http.request(
      {
        method: 'POST',
        path: '',
        headers: { 'Idempotency-Key': key },
        body: { event, idempotencyKey: key, ...fields },
        signBody: (body) => signWebhook(options.secret, body, now()),
      },
      ctx,
    );
    return (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  };
  return {
    name: 'webhook',
    async createTicket(alert: AlertFacts, ctx) {
      const key = checkIdempotencyKey(ctx.idempotencyKey, 'alert-webhook');
      const answer = await postEvent(
        key,
        ALERT_WEBHOOK_EVENT,
        { title: alertTitle(alert), alert: boundedAlertFacts(alert) },
        ctx,
      );
      const id = typeof answer.id === 'string' ? singleLine(answer.id) : key;
      return {
        provider: 'webhook',
        id,
        number: typeof answer.number === 'string' ? singleLine(answer.number) : id,
        ...(typeof answer.url === 'string' ? { url: singleLine(answer.url, 2048) } : {}),
        existing: answer.existing === true,
      };
    },
    async updateTicket(update, ctx) {
      const key = checkIdempotencyKey(ctx.idempotencyKey, 'alert-webhook');
      const answer = await postEvent(
        key,
        ALERT_UPDATED_WEBHOOK_EVENT,
        {
          ref: singleLine(update.ref, 64),
          // A ticket not created yet is named by its creation key: the receiver made it under that key.
          ticket:
            'id' in update.ticket
              ? { id: update.ticket.id, number: update.ticket.number }
              : { idempotencyKey: update.ticket.creationKey },
          change: update.change,
          classification: update.classification ?? null,
          notes: updateNotes(update),
        },
        ctx,
      );
      return {
        provider: 'webhook',
        number: 'id' in update.ticket ? update.ticket.number : update.ticket.creationKey,
        status: { close: 'closed', reopen: 'reopened', note: 'noted' }[update.change],
        unchanged: answer.existing === true,
      };
    },
  };
}
