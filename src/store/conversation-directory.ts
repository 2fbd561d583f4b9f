import type { ConversationAddress } from './conversation-address';
import type { ConversationDirectoryRecords } from './conversation-directory-records';
import { DocumentDirectoryRecords } from './document-directory-records';

export { CONVERSATIONS_FILE_NAME } from './document-directory-records';
export type { ConversationDirectoryRecords } from './conversation-directory-records';

/**
 * Who a registered conversation serves: the SAP Basis team, the SOC leads (P1/P2 notices), or the
 * SOC's alert channel (SIEM alerts).
 */
export const CONVERSATION_AUDIENCES = ['basis', 'leads', 'soc'] as const;

/** One of CONVERSATION_AUDIENCES. */
export type ConversationAudience = (typeof CONVERSATION_AUDIENCES)[number];

/** Conversations whose last written reference is remembered in memory. */
const MAX_CACHED_REFERENCES = 10_000;

/**
 * The key a conversation is known by: channel and conversation id (`msteams/19:abc…`), unique
 * across channels.
 *
 * @example
 *   conversationKeyOf({ channelId: 'msteams', conversation: { id: '19:abc' } }); // 'msteams/19:abc'
 */
export function conversationKeyOf(reference: { channelId?: string; conversation?: { id?: string } }): string {
  return `${reference.channelId ?? 'unknown'}/${reference.conversation?.id ?? ''}`;
}

/**
 * The conversations socbot can write to outside a turn: a ConversationAddress per conversation (a
 * Bot Framework ConversationReference, mapped by the channel edge), refreshed at every turn (Teams
 * may move a conversation to another serviceUrl), and the conversations each audience registered
 * ("register this channel for basis notifications"). Implements the integrations'
 * ConversationDirectory for `basis` and `leads`.
 *
 * @example
 *   const directory = new ConversationDirectoryStore('./data'); // or conversationDirectoryOf(backend)
 *   await directory.remember(addressOfActivity(context.activity)); // src/channels/conversation-address.ts
 *   await directory.register('basis', 'msteams/19:abc');
 *   await directory.list('basis'); // ['msteams/19:abc']
 */
export class ConversationDirectoryStore {
  private readonly records: ConversationDirectoryRecords;
  /** What was last written per key, so an unchanged reference costs no write on every turn. */
  private readonly written = new Map<string, string>();

  constructor(
    /** The data directory (`conversations.json`), or records of a backend (PostgreSQL's tables). */
    where: string | ConversationDirectoryRecords,
  ) {
    this.records = typeof where === 'string' ? new DocumentDirectoryRecords(where) : where;
  }

  /** Stores the reference of a conversation (written only when it changed); returns its key. */
  async remember(reference: Partial<ConversationAddress>): Promise<string> {
    const key = conversationKeyOf(reference);
    // Without the message id: it changes every turn (a write per turn for nothing), and a later
    // message is a new message in the conversation, not a reply to whatever was said last.
    const { activityId: _activityId, ...stable } = reference as ConversationAddress & {
      activityId?: unknown;
    };
    const text = JSON.stringify(stable);
    if (this.written.get(key) === text) return key;
    await this.records.putAddress(key, JSON.parse(text) as ConversationAddress);
    this.written.delete(key);
    this.written.set(key, text);
    // Only a cache: forgetting the oldest costs one write at that conversation's next turn.
    for (const oldest of this.written.keys()) {
      if (this.written.size <= MAX_CACHED_REFERENCES) break;
      this.written.delete(oldest);
    }
    return key;
  }

  /** The stored reference of a conversation, or undefined when the bot never heard from it. */
  reference(key: string): Promise<ConversationAddress | undefined> {
    return this.records.address(key);
  }

  /** The key of a conversation by its id alone (records that kept only the id), or undefined. */
  keyOfConversationId(conversationId: string): Promise<string | undefined> {
    return this.records.keyOfConversationId(conversationId);
  }

  /** Registers a conversation for an audience; false when it already was. */
  register(audience: ConversationAudience, key: string): Promise<boolean> {
    return this.records.register(audience, key);
  }

  /** Removes a conversation from an audience; false when it was not registered. */
  unregister(audience: ConversationAudience, key: string): Promise<boolean> {
    return this.records.unregister(audience, key);
  }

  /** The conversations registered for an audience, in registration order. */
  list(audience: ConversationAudience): Promise<readonly string[]> {
    return this.records.list(audience);
  }

  flush(): Promise<void> {
    return this.records.flush();
  }
}
