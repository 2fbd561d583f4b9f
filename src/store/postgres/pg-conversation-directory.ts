import type { Database } from '../../db/database';
import { asStorableJson, jsonParam } from '../../db/json-param';
import { isPlainObject } from '../data-file';
import type { ConversationAddress } from '../conversation-address';
import type { ConversationAudience } from '../conversation-directory';
import type { ConversationDirectoryRecords } from '../conversation-directory-records';
import type { DirectoryFile } from '../document-directory-records';

/** The tables of migrations/0730_conversation_directory.sql. */
const ADDRESSES_TABLE = 'socbot_conversation_addresses';
const AUDIENCES_TABLE = 'socbot_conversation_audiences';

/**
 * The conversation directory on PostgreSQL (migration 0730), shared by every replica: a row per
 * conversation's address and per registration. Storing an address is one upsert of its own row
 * (written only when the address changed), so replicas meeting new conversations at once neither
 * wait for each other nor rewrite everyone else's addresses, as they did when the directory was one
 * `conversations.json` document.
 *
 * @example
 *   const directory = new ConversationDirectoryStore(new PgConversationDirectory(backend.db));
 */
export class PgConversationDirectory implements ConversationDirectoryRecords {
  constructor(private readonly db: Database) {}

  async putAddress(key: string, address: ConversationAddress): Promise<void> {
    await this.db.query(
      `INSERT INTO ${ADDRESSES_TABLE} AS a (key, conversation_id, address) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (key) DO UPDATE
          SET conversation_id = EXCLUDED.conversation_id, address = EXCLUDED.address, updated_at = now()
        WHERE a.address IS DISTINCT FROM EXCLUDED.address`,
      [key, address.conversation?.id ?? null, jsonParam(address)],
    );
  }

  async address(key: string): Promise<ConversationAddress | undefined> {
    const rows = await this.db.query<{ address: ConversationAddress }>(
      `SELECT address FROM ${ADDRESSES_TABLE} WHERE key = $1`,
      [key],
    );
    return rows[0]?.address;
  }

  async keyOfConversationId(conversationId: string): Promise<string | undefined> {
    const rows = await this.db.query<{ key: string }>(
      `SELECT key FROM ${ADDRESSES_TABLE} WHERE conversation_id = $1 ORDER BY stored LIMIT 1`,
      [conversationId],
    );
    return rows[0]?.key;
  }

  async register(audience: ConversationAudience, key: string): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO ${AUDIENCES_TABLE} (audience, key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key`,
      [audience, key],
    );
    return rows.length > 0;
  }

  async unregister(audience: ConversationAudience, key: string): Promise<boolean> {
    const rows = await this.db.query(
      `DELETE FROM ${AUDIENCES_TABLE} WHERE audience = $1 AND key = $2 RETURNING key`,
      [audience, key],
    );
    return rows.length > 0;
  }

  async list(audience: ConversationAudience): Promise<readonly string[]> {
    const rows = await this.db.query<{ key: string }>(
      `SELECT key FROM ${AUDIENCES_TABLE} WHERE audience = $1 ORDER BY registered`,
      [audience],
    );
    return rows.map((row) => row.key);
  }

  /** Each change is committed before its promise settles: nothing to wait for. */
  async flush(): Promise<void> {}

  /**
   * Copies a data directory's `conversations.json` in (`socbot migrate-data`), in one transaction,
   * only into an empty directory: false (nothing copied) when the database has addresses or
   * registrations already, so a second import never brings back a registration removed since.
   * Members of an unexpected shape (an address that is not an object, a registration that is not a
   * text) are left out, as migration 0730 leaves them out; text PostgreSQL cannot hold (U+0000) is
   * replaced as in every JSON value (jsonParam).
   */
  async copyIn(file: DirectoryFile): Promise<boolean> {
    const references = Object.entries(file.references)
      .filter(([, address]) => isPlainObject(address))
      .map(([key, address]) => ({ key: asStorableJson(key), address }));
    const registrations = Object.entries(file.audiences).flatMap(([audience, keys]) =>
      (Array.isArray(keys) ? keys : [])
        .filter((key): key is string => typeof key === 'string')
        .map((key) => ({ audience: asStorableJson(audience), key: asStorableJson(key) })),
    );
    return this.db.transaction(async (tx) => {
      // Two imports at once: the second waits here, then finds the directory filled.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['socbot import conversation directory']);
      const present = await tx.query(
        `SELECT 1 FROM ${ADDRESSES_TABLE} UNION ALL SELECT 1 FROM ${AUDIENCES_TABLE} LIMIT 1`,
      );
      if (present.length > 0) return false;
      // ON CONFLICT: a replica already serving may store an address meanwhile; its own is newer.
      await tx.query(
        `INSERT INTO ${ADDRESSES_TABLE} (key, conversation_id, address)
         SELECT entry.key, entry.address #>> '{conversation,id}', entry.address
           FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS entry(key, address, n)
          ORDER BY entry.n
         ON CONFLICT (key) DO NOTHING`,
        [references.map((entry) => entry.key), references.map((entry) => jsonParam(entry.address))],
      );
      await tx.query(
        `INSERT INTO ${AUDIENCES_TABLE} (audience, key)
         SELECT entry.audience, entry.key
           FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS entry(audience, key, n)
          ORDER BY entry.n
         ON CONFLICT DO NOTHING`,
        [registrations.map((entry) => entry.audience), registrations.map((entry) => entry.key)],
      );
      return true;
    });
  }
}
