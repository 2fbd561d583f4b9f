import type { ConversationAddress } from './conversation-address';
import type { ConversationAudience } from './conversation-directory';
import type { ConversationDirectoryRecords } from './conversation-directory-records';
import { isPlainObject } from './data-file';
import { fileDocuments } from './file-documents';
import type { JsonDocument } from './json-document';

/** The file under the data directory that holds conversation addresses and registrations. */
export const CONVERSATIONS_FILE_NAME = 'conversations.json';

/** What `conversations.json` holds. */
export interface DirectoryFile {
  /** Conversation key → the address the bot needs to write there outside a turn. */
  references: Record<string, ConversationAddress>;
  /** Audience → registered conversation keys, in registration order. */
  audiences: Partial<Record<ConversationAudience, string[]>>;
}

/** Whether a parsed conversations.json has the two objects (their members are not checked). */
export function isDirectoryFile(data: unknown): data is DirectoryFile {
  return isPlainObject(data) && isPlainObject(data.references) && isPlainObject(data.audiences);
}

/**
 * The conversation directory as one JSON document (`<dataDir>/conversations.json`, rewritten whole
 * when it changes): the embedded mode's records. PostgreSQL keeps a row per address instead
 * (`postgres/pg-conversation-directory.ts`), so replicas do not rewrite and lock one document.
 *
 * @example
 *   const directory = new ConversationDirectoryStore(new DocumentDirectoryRecords('./data'));
 */
export class DocumentDirectoryRecords implements ConversationDirectoryRecords {
  private readonly file: JsonDocument<DirectoryFile>;

  constructor(dataDir: string) {
    this.file = fileDocuments(dataDir).open({
      name: CONVERSATIONS_FILE_NAME,
      defaults: () => ({ references: {}, audiences: {} }),
      isValid: isDirectoryFile,
    });
  }

  putAddress(key: string, address: ConversationAddress): Promise<void> {
    return this.file.update((data) => {
      data.references[key] = address;
    });
  }

  async address(key: string): Promise<ConversationAddress | undefined> {
    return (await this.file.read()).references[key];
  }

  async keyOfConversationId(conversationId: string): Promise<string | undefined> {
    const { references } = await this.file.read();
    return Object.keys(references).find((key) => references[key]?.conversation?.id === conversationId);
  }

  register(audience: ConversationAudience, key: string): Promise<boolean> {
    return this.file.update((data) => {
      const keys = data.audiences[audience] ?? [];
      if (keys.includes(key)) return false;
      data.audiences[audience] = [...keys, key];
      return true;
    });
  }

  unregister(audience: ConversationAudience, key: string): Promise<boolean> {
    return this.file.update((data) => {
      const keys = data.audiences[audience] ?? [];
      if (!keys.includes(key)) return false;
      data.audiences[audience] = keys.filter((registered) => registered !== key);
      return true;
    });
  }

  async list(audience: ConversationAudience): Promise<readonly string[]> {
    return (await this.file.read()).audiences[audience] ?? [];
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
