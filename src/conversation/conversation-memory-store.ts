import { SocbotError } from '../errors';
import { CREATE_ONLY_ETAG } from '../store/lowdb-storage';
import type { StateStorage } from '../store/state-storage';
import { emptyMemory, type ConversationMemory } from './conversation-memory';

/**
 * The state storage key of a conversation's memory. The channel edge names it to the turn lock too,
 * which on PostgreSQL reads it in the same round trip as it takes the lock.
 */
export function conversationMemoryKey(channelId: string, conversationId: string): string {
  return `conversations/${channelId}/${conversationId}`;
}

/** A conversation's memory as read, with the eTag to write it back. */
export interface LoadedMemory {
  memory: ConversationMemory;
  eTag?: string;
}

/**
 * Reads and writes each conversation's memory in a {@link StateStorage}, carrying the eTag read
 * so that two turns of one conversation handled at once cannot silently overwrite each other: the
 * later write fails with STORAGE_CONFLICT. (botbuilder's own BotState always writes with `*`.)
 * The storage must honour `CREATE_ONLY_ETAG` (LowdbStorage does).
 *
 * @example
 *   const store = new ConversationMemoryStore(new LowdbStorage('./data'));
 *   const { memory, eTag } = await store.load('conversations/msteams/19:abc');
 *   memory.facts.username = 'DDIC';
 *   await store.save('conversations/msteams/19:abc', memory, eTag);
 */
export class ConversationMemoryStore {
  constructor(private readonly storage: StateStorage) {}

  async load(key: string): Promise<LoadedMemory> {
    const item: unknown = (await this.storage.read([key]))[key];
    if (item === undefined) return { memory: emptyMemory() };
    if (!isMemoryItem(item)) {
      throw new SocbotError(
        'STORAGE_CORRUPT',
        `The stored conversation "${key}" does not look like socbot's conversation memory. ` +
          'Delete that item from the state file (or move the file aside) to start the conversation afresh.',
        { key },
      );
    }
    const { eTag, ...memory } = item;
    return typeof eTag === 'string' ? { memory, eTag } : { memory };
  }

  async save(key: string, memory: ConversationMemory, eTag?: string): Promise<void> {
    // A new conversation is written create-only, so a second turn racing the first cannot overwrite it.
    await this.storage.write({ [key]: { ...memory, eTag: eTag ?? CREATE_ONLY_ETAG } });
  }
}

function isMemoryItem(item: unknown): item is ConversationMemory & { eTag?: unknown } {
  if (typeof item !== 'object' || item === null) return false;
  const { facts } = item as { facts?: unknown };
  return typeof facts === 'object' && facts !== null && !Array.isArray(facts);
}
