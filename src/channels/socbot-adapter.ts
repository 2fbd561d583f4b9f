import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import type { AuthenticatedRequest, BotAuthentication } from './bot-authentication';

/**
 * botbuilder's CloudAdapter with the HTTP handling left to socbot: the server parses, validates and
 * authenticates the request itself (to answer 400/401/413 with reasons), then runs the turn here.
 *
 * @example
 *   const adapter = new SocbotAdapter(createBotAuthentication(config.botAuth), logger);
 *   const invokeResponse = await adapter.runTurn(authenticated, activity, (ctx) => bot.run(ctx));
 */
export class SocbotAdapter extends CloudAdapter {
  constructor(authentication: BotAuthentication, logger: Logger) {
    super(authentication);
    this.onTurnError = async (context, error) => {
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
}
