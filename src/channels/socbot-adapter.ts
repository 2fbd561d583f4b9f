import {
  ActivityTypes,
  CloudAdapter,
  type Activity,
  type InvokeResponse,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Logger } from '../logger';
import type { AuthenticatedRequest, BotAuthentication } from './bot-authentication';
import { ReplyNotDelivered } from './reply-not-delivered';

/**
 * botbuilder's CloudAdapter with the HTTP handling left to socbot: the server parses, validates and
 * authenticates the request itself (to answer 400/401/413 with reasons), then runs the turn here.
 *
 * Replies are bounded by `connectorTimeoutMs` (SOCBOT_CONNECTOR_TIMEOUT_MS): the SDK alone retries
 * a connector that does not answer for ~15 s, and the conversation's next message waits behind that
 * turn. Past the bound the post is aborted, a warning "reply not delivered" is logged and the turn
 * ends; its state was saved before the replies were sent.
 *
 * @example
 *   const adapter = new SocbotAdapter(createBotAuthentication(config.botAuth), logger, config.connectorTimeoutMs);
 *   const invokeResponse = await adapter.runTurn(authenticated, activity, (ctx) => bot.run(ctx));
 */
export class SocbotAdapter extends CloudAdapter {
  constructor(
    authentication: BotAuthentication,
    private readonly logger: Logger,
    private readonly connectorTimeoutMs: number,
  ) {
    super(authentication);
    this.onTurnError = async (context, error) => {
      // The connector that lost the reply would lose the apology too; it was logged as a warning.
      if (error instanceof ReplyNotDelivered) return;
      logger.error(
        { err: error, conversationId: context.activity.conversation?.id },
        'turn failed; the user was told',
      );
      // The user must learn that nothing happened rather than wait for an answer that never comes.
      await context
        .sendActivity(
          'Sorry, something went wrong on my side and your last message was not handled. Please try again.',
        )
        .catch((sendError: unknown) =>
          logger.warn({ err: sendError }, 'could not tell the user about a failed turn'),
        );
    };
  }

  /** Runs one turn of an already authenticated activity; returns the invoke response, if any. */
  runTurn(
    authenticated: AuthenticatedRequest,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }

  /**
   * CloudAdapter's sendActivities, with every post to the connector aborted after the bound. Throws
   * ReplyNotDelivered (logged once, here) when the connector does not take the replies in time.
   */
  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.connectorTimeoutMs);
    try {
      const responses: ResourceResponse[] = [];
      for (const activity of activities) {
        responses.push(...(await this.sendOne(context, activity, deadline.signal)));
      }
      return responses;
    } catch (error) {
      const conversationId = context.activity.conversation?.id;
      const reason = deadline.signal.aborted
        ? `no answer within ${this.connectorTimeoutMs} ms`
        : failureReason(error);
      // Only the id and the reason: the SDK's errors carry the request, with the bot's token.
      this.logger.warn({ conversationId, timeoutMs: this.connectorTimeoutMs, reason }, 'reply not delivered');
      throw new ReplyNotDelivered(conversationId, this.connectorTimeoutMs, reason);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One activity: posts to the connector with the deadline's signal; the SDK handles the rest (delay, invoke response, trace). */
  private async sendOne(
    context: TurnContext,
    activity: Partial<Activity>,
    signal: AbortSignal,
  ): Promise<ResourceResponse[]> {
    const connector = context.turnState.get<ConnectorClient | undefined>(this.ConnectorClientKey);
    const conversationId = activity.conversation?.id;
    if (!postsToConnector(activity) || !connector || conversationId === undefined) {
      return super.sendActivities(context, [activity]);
    }
    delete activity.id;
    const options = { abortSignal: signal };
    const post = activity.replyToId
      ? connector.conversations.replyToActivity(
          conversationId,
          activity.replyToId,
          activity as Activity,
          options,
        )
      : connector.conversations.sendToConversation(conversationId, activity as Activity, options);
    // The SDK's retry pauses may not watch the signal: the deadline ends the wait either way.
    const response = await Promise.race([post, abortedBy(signal)]);
    return [{ id: response.id ?? '' }];
  }
}

/** Activities the SDK posts to the connector (not a delay, an invoke response or a non-Emulator trace). */
function postsToConnector(activity: Partial<Activity>): boolean {
  if (activity.type === 'delay' || activity.type === ActivityTypes.InvokeResponse) return false;
  return !(activity.type === ActivityTypes.Trace && activity.channelId !== 'emulator');
}

/** Rejects when the signal aborts (never resolves). */
function abortedBy(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    const abort = (): void => reject(new Error('aborted'));
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
}

/** The connector's HTTP status or the network error's code; never the SDK's message or request. */
function failureReason(error: unknown): string {
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number') return `the connector answered HTTP ${statusCode}`;
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return `network error ${code}`;
  return 'the connector could not be reached';
}
