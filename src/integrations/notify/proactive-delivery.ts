/** An attachment of a proactive message (socbot sends Adaptive Cards). */
export interface ProactiveAttachment {
  contentType: string;
  content: unknown;
}

/** What socbot writes into a conversation outside a turn: a text and, optionally, cards. */
export interface ProactiveMessage {
  text: string;
  attachments?: ProactiveAttachment[];
}

/** How a delivery may be cut short. */
export interface DeliveryOptions {
  /** Aborts the post (its HTTP request) when the attempt it belongs to times out or stops. */
  signal?: AbortSignal;
}

/**
 * Writes into a conversation the bot knows, outside a turn, by its conversation key
 * (`msteams/19:abc`). Implemented in src/channels/ (ProactiveMessenger, on the Bot Framework
 * adapter) and injected by the composition root, so nothing outside the channels needs botbuilder.
 *
 * Fails with an `IntegrationError`: `retryable: false` when the conversation cannot take messages
 * any more (404 gone, 403 bot removed, 401 refused, a conversation socbot never heard from),
 * `retryable: true` when it may on a later try (5xx, 429, network, aborted by `signal`).
 *
 * @example
 *   const delivery: ProactiveDelivery = { deliver: async (key, message) => connector.post(key, message) };
 *   await delivery.deliver('msteams/19:abc', { text: 'Ticket INC0010001 created.' });
 */
export interface ProactiveDelivery {
  deliver(conversationKey: string, message: ProactiveMessage, options?: DeliveryOptions): Promise<void>;
}

/** Who registered conversations: the Basis team, the SOC leads, the SOC (SIEM alert cards). */
export type ConversationAudience = 'basis' | 'leads' | 'soc';

/**
 * The conversations an audience registered ("register this channel for basis notifications").
 *
 * @example
 *   const directory: ConversationDirectory = { list: async (audience) => store.registeredChannels(audience) };
 */
export interface ConversationDirectory {
  list(audience: ConversationAudience): Promise<readonly string[]>;
}
