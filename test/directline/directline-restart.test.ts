import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOKEN_KEY_FILE_NAME } from '../../src/channels/webchat/token-key';
import {
  createRecordingBot,
  openConversation,
  poll,
  pollPause,
  postActivity,
  startWebChatServer,
} from './helpers';

interface PolledSet {
  activities: Array<{ id: string; text?: string }>;
  watermark: string;
}

/**
 * A server restarted on the same data directory: the tokens it issued before still work, and their
 * conversations go on, so an open Web Chat page does not die (issue 11).
 */
describe('Direct Line across a server restart', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'socbot-dl-restart-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('accepts the token issued before and resumes its conversation with new, unrepeated activity ids', async () => {
    const first = await startWebChatServer({ dataDir });
    const chat = await openConversation(first.url);
    expect((await chat.post({ type: 'message', text: 'before' })).status).toBe(200);
    const before = (await chat.poll()).json as PolledSet;
    await first.close();

    const bot = createRecordingBot();
    const second = await startWebChatServer({ dataDir, bot });
    try {
      const resumed = await poll(second.url, chat.token, chat.conversationId, before.watermark);
      expect(resumed.status).toBe(200);
      const posted = await postActivity(second.url, chat.token, chat.conversationId, {
        type: 'message',
        text: 'after',
      });
      expect(posted.status).toBe(200);
      await pollPause();
      const after = (
        await poll(second.url, chat.token, chat.conversationId, (resumed.json as PolledSet).watermark)
      ).json as PolledSet;
      expect(after.activities.map((activity) => activity.text)).toEqual([
        'after',
        expect.stringContaining('echo: after'),
      ]);
      const earlierIds = new Set(before.activities.map((activity) => activity.id));
      expect(after.activities.filter((activity) => earlierIds.has(activity.id))).toEqual([]);
      // A continuation, not a new conversation: the bot is not told that anyone joined.
      expect(bot.seen).toEqual(['message']);
    } finally {
      await second.close();
    }
  });

  it('keeps its signing key in the data directory, readable by its user only', async () => {
    const server = await startWebChatServer({ dataDir });
    await server.close();
    const file = path.join(dataDir, TOKEN_KEY_FILE_NAME);
    expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(file)).mode & 0o077).toBe(0);
  });

  it('refuses (401) a token from a server with another data directory', async () => {
    const other = await startWebChatServer({ dataDir: path.join(dataDir, 'other') });
    const chat = await openConversation(other.url);
    await other.close();
    const server = await startWebChatServer({ dataDir });
    try {
      expect((await poll(server.url, chat.token, chat.conversationId)).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('refuses to start on a damaged key file, and says how to fix it', async () => {
    await writeFile(path.join(dataDir, TOKEN_KEY_FILE_NAME), 'not a key\n', { mode: 0o600 });
    await expect(startWebChatServer({ dataDir })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('Delete it'),
    });
  });
});
