import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationAddress } from '../store/conversation-address';

/**
 * The address of an activity's conversation, to remember in the conversation directory: botbuilder's
 * ConversationReference of the activity (the same fields; the store's own type). The reverse needs
 * no mapping: a ConversationAddress is a valid botbuilder `Partial<ConversationReference>`.
 *
 * @example
 *   const key = await directory.remember(addressOfActivity(context.activity)); // 'msteams/19:abc'
 */
export function addressOfActivity(activity: Partial<Activity>): ConversationAddress {
  const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
  // Absent fields stay absent: the connector that sent the activity decides what its reference holds.
  return reference as ConversationAddress;
}
