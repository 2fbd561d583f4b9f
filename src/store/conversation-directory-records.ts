import type { ConversationAddress } from './conversation-address';
import type { ConversationAudience } from './conversation-directory';

/**
 * Where the directory keeps addresses and registrations: `conversations.json` in the embedded mode
 * (DocumentDirectoryRecords), a row per address and per registration on PostgreSQL
 * (PgConversationDirectory). Each method is one change, safe beside other replicas' changes.
 */
export interface ConversationDirectoryRecords {
  /** Stores (or replaces) a conversation's address. */
  putAddress(key: string, address: ConversationAddress): Promise<void>;
  address(key: string): Promise<ConversationAddress | undefined>;
  /**
   * The key of the conversation with this id: the first stored, should two channels share it; none
   * for an address without an id.
   */
  keyOfConversationId(conversationId: string): Promise<string | undefined>;
  /** False when the conversation was registered for the audience already. */
  register(audience: ConversationAudience, key: string): Promise<boolean>;
  /** False when it was not registered. */
  unregister(audience: ConversationAudience, key: string): Promise<boolean>;
  /** In registration order. */
  list(audience: ConversationAudience): Promise<readonly string[]>;
  /** Waits for writes under way. */
  flush(): Promise<void>;
}
