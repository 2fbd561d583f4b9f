/** A user or bot account in a {@link ConversationAddress}. */
export interface AccountAddress {
  id: string;
  name: string;
  aadObjectId?: string;
  role?: string;
}

/**
 * Where the bot can write to a conversation outside a turn: the channel, its service URL, the
 * conversation, the bot's account there and the user it last spoke with. socbot's own type for what
 * Bot Framework calls a ConversationReference (same field names, so src/channels/ maps one to the
 * other field by field); the store keeps it without knowing botbuilder.
 *
 * @example
 *   { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/',
 *     conversation: { id: '19:abc', name: 'SOC', isGroup: true, conversationType: 'channel' },
 *     bot: { id: '28:socbot', name: 'socbot' } }
 */
export interface ConversationAddress {
  channelId: string;
  serviceUrl: string;
  conversation: {
    id: string;
    name: string;
    isGroup: boolean;
    conversationType: string;
    tenantId?: string;
    aadObjectId?: string;
  };
  bot: AccountAddress;
  user?: AccountAddress;
  locale?: string;
}
