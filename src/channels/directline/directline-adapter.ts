import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { Logger } from '../../logger';
import type { DirectLineStore } from './directline-store';

/**
 * The botbuilder adapter behind the built-in Direct Line endpoint: a turn runs through botbuilder's
 * middleware pipeline and `TurnContext` exactly as for Teams, and whatever the bot sends is appended
 * to the Direct Line conversation, where Web Chat's next poll picks it up.
 *
 * @example
 *   const adapter = new DirectLineAdapter(new MemoryDirectLineStore(), logger);
 *   await adapter.runTurn(userActivity, (context) => bot.run(context));
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(
    private readonly conversations: DirectLineStore,
    logger: Logger,
  ) {
    super();
    this.onTurnError = async (context, error) => {
      logger.error(
        { err: error, conversationId: context.activity.conversation?.id },
        'web chat turn failed; the user was told',
      );
      await context
        .sendActivity(
          'Sorry, something went wrong on my side and your last message was not handled. Please try again.',
        )
        .catch((sendError: unknown) =>
          logger.warn({ err: sendError }, 'could not tell the web chat user about a failed turn'),
        );
    };
  }

  /** Runs one turn of `activity` (already stored in the conversation) through the middleware. */
  runTurn(activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.runMiddleware(new TurnContext(this, activity), logic);
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      // Trace activities are for the Emulator, delays and invoke responses are not shown to anyone.
      if (
        activity.type === ActivityTypes.Trace ||
        activity.type === 'delay' ||
        activity.type === ActivityTypes.InvokeResponse
      ) {
        responses.push({ id: '' });
        continue;
      }
      const stored = await this.conversations.append(
        conversationId,
        await withKnownReplyTo(this.conversations, conversationId, activity),
      );
      responses.push({ id: stored?.id ?? '' });
    }
    return responses;
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    if (activity.id) {
      await this.conversations.replace(context.activity.conversation.id, { ...activity, id: activity.id });
    }
  }

  override async deleteActivity(
    context: TurnContext,
    reference: Partial<ConversationReference>,
  ): Promise<void> {
    // Web Chat has no way to take a message back; show that it was withdrawn instead.
    if (reference.activityId) {
      await this.conversations.replace(context.activity.conversation.id, {
        id: reference.activityId,
        text: '(message withdrawn)',
        attachments: [],
      });
    }
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    ) as Activity;
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

/**
 * Web Chat holds back a reply until the activity it answers shows up in the stream. A reply to
 * something that never appears there (the conversationUpdate Direct Line sends when a conversation
 * starts) would wait for nothing, so it goes out as a reply to nothing.
 */
async function withKnownReplyTo(
  conversations: DirectLineStore,
  conversationId: string,
  activity: Partial<Activity>,
): Promise<Partial<Activity>> {
  if (!activity.replyToId) return activity;
  if (await conversations.contains(conversationId, activity.replyToId)) return activity;
  const { replyToId: _unknown, ...rest } = activity;
  return rest;
}
