import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CONVERSATIONS_FILE_NAME, ConversationDirectoryStore } from '../../src/store/conversation-directory';

describe('ConversationDirectoryStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-directory-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const reference = (activityId: string) => ({
    activityId,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    conversation: { id: '19:abc', isGroup: true, conversationType: 'channel', name: 'SOC' },
    user: { id: '29:ana', name: 'Ana' },
    bot: { id: '28:socbot', name: 'socbot' },
  });

  it('keeps one reference per conversation, without the message id, written only when it changes', async () => {
    const directory = new ConversationDirectoryStore(dir);
    expect(await directory.remember(reference('m1'))).toBe('msteams/19:abc');
    const file = path.join(dir, CONVERSATIONS_FILE_NAME);
    const firstWrite = (await stat(file)).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await directory.remember(reference('m2'));
    expect((await stat(file)).mtimeMs).toBe(firstWrite);
    const stored = await directory.reference('msteams/19:abc');
    expect(stored).toMatchObject({
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: { id: '19:abc' },
    });
    expect(stored).not.toHaveProperty('activityId');
    expect(await directory.keyOfConversationId('19:abc')).toBe('msteams/19:abc');
    expect(await directory.keyOfConversationId('19:other')).toBeUndefined();
  });

  it('registers conversations per audience, once, and survives a new process', async () => {
    const directory = new ConversationDirectoryStore(dir);
    expect(await directory.register('basis', 'msteams/19:abc')).toBe(true);
    expect(await directory.register('basis', 'msteams/19:abc')).toBe(false);
    expect(await directory.register('soc', 'msteams/19:soc')).toBe(true);
    await directory.flush();

    const reopened = new ConversationDirectoryStore(dir);
    expect(await reopened.list('basis')).toEqual(['msteams/19:abc']);
    expect(await reopened.list('leads')).toEqual([]);
    expect(await reopened.unregister('basis', 'msteams/19:abc')).toBe(true);
    expect(await reopened.unregister('basis', 'msteams/19:abc')).toBe(false);
    expect(JSON.parse(await readFile(path.join(dir, CONVERSATIONS_FILE_NAME), 'utf8'))).toMatchObject({
      audiences: { basis: [], soc: ['msteams/19:soc'] },
    });
  });
});
