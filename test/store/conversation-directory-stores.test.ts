import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrate, shippedMigrations, migrationsDir } from '../../src/db/migrations';
import type { ConversationAddress } from '../../src/store/conversation-address';
import { ConversationDirectoryStore } from '../../src/store/conversation-directory';
import { PgConversationDirectory } from '../../src/store/postgres/pg-conversation-directory';
import { Database } from '../../src/db/database';
import { createTestDatabase, openTestPool, twoReplicaPools } from '../helpers/postgres';
import { describeConversationDirectoryContract } from './contracts/conversation-directory-contract';

describeConversationDirectoryContract('files (conversations.json)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-directory-'));
  return { records: () => dir, close: () => rm(dir, { recursive: true, force: true }) };
});

describeConversationDirectoryContract('PostgreSQL (a row per address and registration)', async () => {
  const { db, close } = await openTestPool();
  return { records: () => new PgConversationDirectory(db), close };
});

const teams = (id: string): ConversationAddress => ({
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversation: { id, isGroup: false, conversationType: 'personal', name: '' },
  bot: { id: '28:socbot', name: 'socbot' },
});

describe('the conversation directory on two PostgreSQL replicas', () => {
  const replicas = twoReplicaPools();

  it('keeps every address and registration two replicas store at once: none overwrites another', async () => {
    const onA = new ConversationDirectoryStore(new PgConversationDirectory(replicas.a));
    const onB = new ConversationDirectoryStore(new PgConversationDirectory(replicas.b));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? onA : onB).remember(teams(`a:${i}`))),
    );
    await Promise.all([onA.register('basis', 'msteams/a:1'), onB.register('basis', 'msteams/a:2')]);
    for (let i = 0; i < 20; i += 1) expect(await onB.reference(`msteams/a:${i}`)).toEqual(teams(`a:${i}`));
    expect([...(await onA.list('basis'))].sort()).toEqual(['msteams/a:1', 'msteams/a:2']);
    // One registration at once on both: exactly one of them registers it.
    const outcomes = await Promise.all([
      onA.register('leads', 'msteams/a:3'),
      onB.register('leads', 'msteams/a:3'),
    ]);
    expect(outcomes.sort()).toEqual([false, true]);
  });
});

describe('migration 0730 on a database that kept the directory as a document', () => {
  it('moves its addresses and registrations into rows, registration order kept', async () => {
    const testDb = await createTestDatabase({ migrated: false });
    const before = await mkdtemp(path.join(os.tmpdir(), 'socbot-migrations-'));
    const db = new Database(testDb.settings);
    try {
      // The schema as the previous version left it: every migration before 0730.
      for (const file of await readdir(migrationsDir()))
        if (file < '0730') await copyFile(path.join(migrationsDir(), file), path.join(before, file));
      await migrate(testDb.settings, { dir: before });
      // As the bot wrote it, plus what only a hand edit leaves: members of other shapes.
      await db.query(`INSERT INTO socbot_documents (name, body) VALUES ('conversations.json', $1::jsonb)`, [
        JSON.stringify({
          references: {
            'msteams/19:x': teams('19:x'),
            'msteams/19:y': teams('19:y'),
            'emulator/19:x': { ...teams('19:x'), channelId: 'emulator' },
            'msteams/odd': null,
          },
          audiences: {
            basis: ['msteams/19:y', null, 'msteams/19:x', 7],
            leads: ['msteams/19:x'],
            soc: 'msteams/19:y',
          },
        }),
      ]);

      expect(await migrate(testDb.settings)).toEqual(shippedMigrations().filter((name) => name >= '0730'));
      const directory = new ConversationDirectoryStore(new PgConversationDirectory(db));
      expect(await directory.reference('msteams/19:x')).toEqual(teams('19:x'));
      expect(await directory.keyOfConversationId('19:y')).toBe('msteams/19:y');
      // Two channels share 19:x: the one the previous version found first (jsonb's key order).
      expect(await directory.keyOfConversationId('19:x')).toBe('msteams/19:x');
      expect(await directory.reference('msteams/odd')).toBeUndefined();
      expect(await directory.list('soc')).toEqual([]);
      expect(await directory.list('basis')).toEqual(['msteams/19:y', 'msteams/19:x']);
      expect(await directory.list('leads')).toEqual(['msteams/19:x']);
    } finally {
      await db.close();
      await testDb.drop();
      await rm(before, { recursive: true, force: true });
    }
  });
});
