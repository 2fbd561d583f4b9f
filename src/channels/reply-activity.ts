import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { BotReply } from '../conversation/bot-reply';

/**
 * socbot's reply → a Bot Framework message: text, Adaptive Card attachment, suggested actions
 * addressed to `recipientId`.
 *
 * @example
 *   await context.sendActivity(toActivity({ text: 'Which terminal?' }, context.activity.from.id));
 */
export function toActivity(reply: BotReply, recipientId: string): Partial<Activity> {
  const activity: Partial<Activity> = { type: ActivityTypes.Message, text: reply.text };
  if (reply.card) activity.attachments = [CardFactory.adaptiveCard(reply.card)];
  if (reply.suggestions && reply.suggestions.length > 0) {
    activity.suggestedActions = {
      to: [recipientId],
      actions: reply.suggestions.map((suggestion) => ({
        type: 'imBack',
        title: suggestion.title,
        value: suggestion.value,
      })),
    };
  }
  return activity;
}
