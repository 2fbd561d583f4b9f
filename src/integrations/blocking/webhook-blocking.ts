import type { Logger } from '../../logger';
import { singleLine } from '../bounded-text';
import { createHttpClient } from '../http-client';
import { checkIdempotencyKey } from '../idempotency-key';
import { signWebhook } from '../webhook-signature';
import type { BlockingProvider, BlockRequest } from './blocking-provider';

/** Options of createWebhookBlocking (from BLOCK_WEBHOOK_URL, BLOCK_WEBHOOK_SECRET). */
export interface WebhookBlockingOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  logger: Logger;
  now?: () => Date;
}

/**
 * Asks a firewall or NAC to block the attacker's terminal: JSON
 * `{ action: 'block', terminal, ip?, alertRef, requestedBy }` POSTed to BLOCK_WEBHOOK_URL, signed
 * like the alert webhook (`X-Socbot-Signature`) with an `Idempotency-Key` header, so the receiver
 * can refuse forged requests and act once per key.
 *
 * @example
 *   const nac = createWebhookBlocking({ url, secret, timeoutMs, logger });
 *   await nac.block({ terminal: 'PC-0815', alertRef: 'SOC-2026-0001', requestedBy: 'Ana' }, ctx); // outcome 'requested'
 */
export function createWebhookBlocking(options: WebhookBlockingOptions): BlockingProvider {
  const now = options.now ?? (() => new Date());
  const http = createHttpClient({
    service: 'block-webhook',
    baseUrl: options.url,
    timeoutMs: options.timeoutMs,
    secrets: [options.secret],
    authFixHint:
      'check that the receiver expects BLOCK_WEBHOOK_SECRET (or WEBHOOK_SECRET) as its signing secret',
    logger: options.logger,
  });
  return {
    name: 'webhook',
    async block(request: BlockRequest, ctx) {
      const key = checkIdempotencyKey(ctx.idempotencyKey, 'block-webhook');
      const terminal = singleLine(request.terminal);
      await http.request(
        {
          method: 'POST',
          path: '',
          headers: { 'Idempotency-Key': key },
          body: {
            action: 'block',
            terminal,
            ...(request.ip ? { ip: singleLine(request.ip) } : {}),
            alertRef: singleLine(request.alertRef),
            requestedBy: singleLine(request.requestedBy),
          },
          signBody: (body) => signWebhook(options.secret, body, now()),
        },
        ctx,
      );
      return { provider: 'webhook', target: terminal, outcome: 'requested' };
    },
  };
}
