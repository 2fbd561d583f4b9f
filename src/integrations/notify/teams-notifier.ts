import type { Logger } from '../../logger';
import { checkIdempotencyKey } from '../idempotency-key';
import { IntegrationError } from '../integration-error';
import type { NoticeAudience } from './basis-notice';
import { noticeTitle } from './basis-notice';
import { cardMessage, noticeCard } from './notice-card';
import type { Notifier } from './notifier';
import type { ConversationDirectory, ProactiveSender } from './proactive-sender';

/** Options of createTeamsNotifier; `sender` and `conversations` come from src/channels/. */
export interface TeamsNotifierOptions {
  audience: NoticeAudience;
  sender: ProactiveSender;
  conversations: ConversationDirectory;
  logger: Logger;
  /** How many (idempotency key, conversation) deliveries to remember; default 10,000. */
  rememberDeliveries?: number;
}

/**
 * Sends the notice card (with an Action.Submit `{ action: 'basis.ack', ref }` button) to every
 * conversation the audience registered. When some conversations fail, the attempt fails as
 * retryable, and the retry skips the conversations that already got it (remembered per
 * idempotency key in this process; after a restart a retry may repeat a card: at least once).
 *
 * @example
 *   const teams = createTeamsNotifier({ audience: 'basis', sender, conversations, logger });
 *   await teams.notify(notice, ctx); // { channel: 'teams', delivered: 2 }
 */
export function createTeamsNotifier(options: TeamsNotifierOptions): Notifier {
  const service = `${options.audience}-teams`;
  const delivered = new Set<string>();
  const limit = options.rememberDeliveries ?? 10_000;
  const remember = (id: string): void => {
    delivered.add(id);
    // A Set iterates in insertion order: drop the oldest beyond the limit.
    for (const oldest of delivered) {
      if (delivered.size <= limit) break;
      delivered.delete(oldest);
    }
  };

  return {
    channel: 'teams',
    audience: options.audience,
    async notify(notice, ctx) {
      const key = checkIdempotencyKey(ctx.idempotencyKey, service);
      const conversations = await options.conversations.list(options.audience);
      if (conversations.length === 0) {
        throw new IntegrationError(
          `No Teams conversation is registered for ${options.audience} notifications. In the ${options.audience === 'basis' ? 'Basis' : 'SOC leads'} channel, say "register this channel for ${options.audience} notifications".`,
          { service, kind: 'not-found', retryable: false },
        );
      }
      const activity = {
        ...cardMessage(noticeCard(notice, { kind: 'submit' })),
        text: noticeTitle(notice),
      };
      let failures = 0;
      let lastFailure: IntegrationError | undefined;
      let sent = 0;
      for (const conversation of conversations) {
        const id = `${key}|${conversation}`;
        if (delivered.has(id)) {
          sent += 1;
          continue;
        }
        if (ctx.signal.aborted) break;
        try {
          await options.sender.send(conversation, activity);
          remember(id);
          sent += 1;
        } catch (error) {
          failures += 1;
          lastFailure = asTeamsFailure(error, service);
          options.logger.warn({ service, kind: lastFailure.kind }, lastFailure.message);
        }
      }
      if (ctx.signal.aborted && sent < conversations.length) {
        throw new IntegrationError(
          `${service}: cancelled after ${sent} of ${conversations.length} conversations.`,
          {
            service,
            kind: 'aborted',
            retryable: true,
          },
        );
      }
      if (lastFailure) {
        const retryable = lastFailure.retryable;
        throw new IntegrationError(
          `${service}: ${failures} of ${conversations.length} conversations did not get the notice. ${lastFailure.message}`,
          {
            service,
            kind: lastFailure.kind,
            retryable,
            ...(lastFailure.status !== undefined ? { status: lastFailure.status } : {}),
            ...(lastFailure.retryAfterMs !== undefined ? { retryAfterMs: lastFailure.retryAfterMs } : {}),
          },
        );
      }
      return { channel: 'teams', delivered: sent };
    },
  };
}

/** The Bot Framework connector answers with HTTP statuses; only the status is kept (messages may quote tokens). */
function asTeamsFailure(error: unknown, service: string): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (status === 401 || status === 403) {
    return new IntegrationError(
      `Teams refused the bot (${status}): check MicrosoftAppId and MicrosoftAppPassword, and that the bot is still installed in the channel.`,
      { service, kind: 'auth', retryable: false, status },
    );
  }
  if (status === 404) {
    return new IntegrationError(
      'Teams no longer knows the registered conversation (404): the bot was removed from it. Register the channel again.',
      { service, kind: 'not-found', retryable: false, status },
    );
  }
  return new IntegrationError(
    `Teams did not take the message${typeof status === 'number' ? ` (${status})` : ''}; socbot will try again.`,
    { service, kind: 'unavailable', retryable: true, ...(typeof status === 'number' ? { status } : {}) },
  );
}
