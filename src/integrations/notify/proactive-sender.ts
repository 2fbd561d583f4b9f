import type { Activity } from 'botbuilder';

/**
 * Sends a message into a conversation the bot is installed in, outside a turn. Implemented in
 * src/channels/ with the adapter's `continueConversationAsync` and the conversation reference
 * stored when the team registered the channel; injected here so integrations stay free of the
 * Bot Framework adapter.
 *
 * @example
 *   const sender: ProactiveSender = {
 *     send: (conversationKey, activity) => adapter.continueConversationAsync(appId, references.get(conversationKey),
 *       async (context) => { await context.sendActivity(activity); }),
 *   };
 */
export interface ProactiveSender {
  send(conversationKey: string, activity: Partial<Activity>): Promise<void>;
}

/**
 * The conversations an audience registered ("register this channel for basis notifications").
 *
 * @example
 *   const directory: ConversationDirectory = { list: async (audience) => store.registeredChannels(audience) };
 */
export interface ConversationDirectory {
  list(audience: 'basis' | 'leads'): Promise<readonly string[]>;
}
