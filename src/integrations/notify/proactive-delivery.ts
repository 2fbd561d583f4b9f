import type { ConversationAddress } from '../../store/conversation-address';

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

/** A new conversation the bot started in a channel: its key in the conversation directory and its address. */
export interface StartedThread {
  conversationKey: string;
  address: ConversationAddress;
}

/**
 * Starts a new conversation (a reply chain, "post") in a Teams channel the bot knows by its
 * conversation key, with `message` as its first post; the new conversation is remembered in the
 * conversation directory, so `ProactiveDelivery.deliver` can write there afterwards. Implemented in
 * src/channels/ (ProactiveMessenger: the connector's `POST /v3/conversations`). Fails with an
 * `IntegrationError` as `deliver` does. Not idempotent: the connector takes no key, so a caller
 * that may retry keeps what it started (the `room.teams` job stores it as its progress).
 *
 * @example
 *   const { conversationKey } = await threads.startThread('msteams/19:soc@thread.tacv2', { text: 'SOC-2026-0001' });
 */
export interface ChannelThreads {
  startThread(
    channelKey: string,
    message: ProactiveMessage,
    options?: DeliveryOptions,
  ): Promise<StartedThread>;
}
