import type { SharedWebChatStorage } from '../channels/webchat/mount-webchat';
import { PgDirectLineStore } from '../channels/directline/pg-directline-store';
import { sharedWebChatTokenKey } from '../store/postgres/pg-webchat-token-key';
import type { SocbotApp } from './create-app';

/**
 * Web Chat's storage for the app's backend: on PostgreSQL, the conversations in the database and a
 * token key every replica shares (WEBCHAT_SECRET when set, else the one in socbot_meta), so a page
 * whose replica died goes on with another one; on files, undefined (in memory, as before). Call
 * after `app.start()` (the schema must be migrated).
 *
 * @example
 *   startServer(config, { …, webChatStorage: async () => sharedWebChatStorage(app) });
 */
export async function sharedWebChatStorage(app: SocbotApp): Promise<SharedWebChatStorage | undefined> {
  const { backend } = app;
  if (backend.kind !== 'postgres') return undefined;
  const { secret } = app.config.webChat;
  return {
    conversations: new PgDirectLineStore(backend.db),
    tokenKey: secret !== '' ? secret : await sharedWebChatTokenKey(backend.db),
  };
}
