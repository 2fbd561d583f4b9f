import type { ConversationAddress } from './conversation-address';
import { isPlainObject } from './data-file';
import { documentsIn, type DocumentsSource } from './file-documents';
import type { JsonDocument } from './json-document';

/**
 * Who a registered conversation serves: the SAP Basis team, the SOC leads (P1/P2 notices), or the
 * SOC's alert channel (SIEM alerts).
 */
export const CONVERSATION_AUDIENCES = ['basis', 'leads', 'soc'] as const;

/** One of CONVERSATION_AUDIENCES. */
export type ConversationAudience = (typeof CONVERSATION_AUDIENCES)[number];

interface DirectoryFile {
  /** Conversation key → the address the bot needs to write there outside a turn. */
  references: Record<string, ConversationAddress>;
  /** Audience → registered conversation keys, in registration order. */
  audiences: Partial<Record<ConversationAudience, string[]>>;
}

function isDirectoryFile(data: unknown): data is DirectoryFile {
  return isPlainObject(data) && isPlainObject(data.references) && isPlainObject(data.audiences);
}

/** Conversations whose last written reference is remembered in memory. */
const MAX_CACHED_REFERENCES = 10_000;

/** The file under the data directory that holds conversation references and registrations. */
export const CONVERSATIONS_FILE_NAME = 'conversations.json';

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
 * The conversations socbot can write to outside a turn (`<dataDir>/conversations.json`): a
 * ConversationAddress per conversation (a Bot Framework ConversationReference, mapped by the channel edge), refreshed at every turn (Teams may move a conversation
 * to another serviceUrl), and the conversations each audience registered ("register this channel
 * for basis notifications"). Implements the integrations' ConversationDirectory for `basis` and
 * `leads`.
 *
 * @example
 *   const directory = new ConversationDirectoryStore('./data');
 *   await directory.remember(addressOfActivity(context.activity)); // src/channels/conversation-address.ts
 *   await directory.register('basis', 'msteams/19:abc');
 *   await directory.list('basis'); // ['msteams/19:abc']
 */
export class ConversationDirectoryStore {
  private readonly file: JsonDocument<DirectoryFile>;
  /** What was last written per key, so an unchanged reference costs no write on every turn. */
  private readonly written = new Map<string, string>();

  constructor(
    /** The data directory (files), or a backend's documents (PostgreSQL). */ where: DocumentsSource,
  ) {
    this.file = documentsIn(where).open({
      name: CONVERSATIONS_FILE_NAME,
      defaults: () => ({ references: {}, audiences: {} }),
      isValid: isDirectoryFile,
    });
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
    await this.file.update((data) => {
      data.references[key] = JSON.parse(text) as ConversationAddress;
    });
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
  async reference(key: string): Promise<ConversationAddress | undefined> {
    return (await this.file.read()).references[key];
  }

  /** The key of a conversation by its id alone (records that kept only the id), or undefined. */
  async keyOfConversationId(conversationId: string): Promise<string | undefined> {
    const { references } = await this.file.read();
    return Object.keys(references).find((key) => references[key]?.conversation?.id === conversationId);
  }

  /** Registers a conversation for an audience; false when it already was. */
  register(audience: ConversationAudience, key: string): Promise<boolean> {
    return this.file.update((data) => {
      const keys = data.audiences[audience] ?? [];
      if (keys.includes(key)) return false;
      data.audiences[audience] = [...keys, key];
      return true;
    });
  }

  /** Removes a conversation from an audience; false when it was not registered. */
  unregister(audience: ConversationAudience, key: string): Promise<boolean> {
    return this.file.update((data) => {
      const keys = data.audiences[audience] ?? [];
      if (!keys.includes(key)) return false;
      data.audiences[audience] = keys.filter((registered) => registered !== key);
      return true;
    });
  }

  /** The conversations registered for an audience, in registration order. */
  async list(audience: ConversationAudience): Promise<readonly string[]> {
    return (await this.file.read()).audiences[audience] ?? [];
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
