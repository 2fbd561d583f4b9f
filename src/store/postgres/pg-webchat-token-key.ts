import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/database';
import { SocbotError } from '../../errors';

/** The socbot_meta key of the Web Chat token key. */
export const WEBCHAT_TOKEN_KEY_META = 'webchat.tokenKey';

/**
 * The key Direct Line tokens are signed with when socbot runs on PostgreSQL without WEBCHAT_SECRET:
 * one random key in `socbot_meta`, the first replica's, so a token issued by one replica is valid on
 * every other (each replica's data directory may be its own, so the key file cannot be shared).
 * Whoever can read the database can sign tokens; set WEBCHAT_SECRET to keep the key out of it.
 *
 * @example
 *   const key = await sharedWebChatTokenKey(backend.db);
 *   createDirectLineTokens({ key, ttlMs });
 */
export async function sharedWebChatTokenKey(db: Queryable): Promise<Buffer> {
  // The first replica's key wins; the others read it (two starting at once agree on one).
  await db.query(
    `INSERT INTO socbot_meta (key, value) VALUES ($1, to_jsonb($2::text)) ON CONFLICT (key) DO NOTHING`,
    [WEBCHAT_TOKEN_KEY_META, randomBytes(32).toString('hex')],
  );
  const rows = await db.query<{ value: unknown }>('SELECT value FROM socbot_meta WHERE key = $1', [
    WEBCHAT_TOKEN_KEY_META,
  ]);
  const hex = rows[0]?.value;
  if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) {
    throw new SocbotError(
      'STORAGE_CORRUPT',
      `socbot_meta's ${WEBCHAT_TOKEN_KEY_META} is not 64 hex digits. Delete that row (DELETE FROM socbot_meta WHERE key = '${WEBCHAT_TOKEN_KEY_META}'): the next start writes a new key (open Web Chat pages then need a reload).`,
      { key: WEBCHAT_TOKEN_KEY_META },
    );
  }
  return Buffer.from(hex, 'hex');
}
