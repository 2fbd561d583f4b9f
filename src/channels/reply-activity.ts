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
      // A next step's press carries its id beside the words (messageBack), so it is recorded as accepted.
      actions: reply.suggestions.map((suggestion) =>
        suggestion.nextStepId === undefined
          ? { type: 'imBack', title: suggestion.title, value: suggestion.value }
          : {
              type: 'messageBack',
              title: suggestion.title,
              text: suggestion.value,
              displayText: suggestion.value,
              value: { nextStep: suggestion.nextStepId },
            },
      ),
    };
  }
  return activity;
}
