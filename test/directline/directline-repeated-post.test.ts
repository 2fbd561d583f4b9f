import type { TurnContext } from 'botbuilder';
import type { SocBot } from '../../src/channels/socbot';
import { createRecordingBot, openConversation, pollPause, startWebChatServer } from './helpers';

interface PolledSet {
  activities: Array<{ id: string; text?: string; from: { role?: string } }>;
}

/** A client retrying a POST whose answer it never got (a 504 from a proxy, a timeout). */
describe('a message posted again with the same client activity id', () => {
  it('is answered with the first post’s id, and the bot’s turn runs once', async () => {
    const bot = createRecordingBot();
    const server = await startWebChatServer({ bot });
    try {
      const chat = await openConversation(server.url);
      const message = {
        type: 'message',
        text: 'status of alert 42',
        channelData: { clientActivityID: 'c-1' },
      };
      const first = await chat.post(message);
      const again = await chat.post(message);
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.json).toEqual(first.json);
      expect(bot.seen.filter((type) => type === 'message')).toHaveLength(1);
      await pollPause();
      const set = (await chat.poll()).json as PolledSet;
      expect(set.activities.map((activity) => activity.text)).toEqual([
        'status of alert 42',
        expect.stringContaining('echo: status of alert 42'),
      ]);
    } finally {
      await server.close();
    }
  });

  it('waits for the first post’s turn when it is still running, and does not run it again', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let turns = 0;
    const slowBot: SocBot = {
      async run(context: TurnContext) {
        if (context.activity.type !== 'message') return;
        turns += 1;
        await gate;
        await context.sendActivity(`done: ${context.activity.text ?? ''}`);
      },
      close: async () => undefined,
    };
    const server = await startWebChatServer({ bot: slowBot });
    try {
      const chat = await openConversation(server.url);
      const message = { type: 'message', text: 'isolate host', channelData: { clientActivityID: 'c-2' } };
      const first = chat.post(message);
      // The retry arrives while the first turn still runs (the proxy gave up on it, socbot did not).
      await new Promise((resolve) => setTimeout(resolve, 100));
      const again = chat.post(message);
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      const [firstAnswer, againAnswer] = await Promise.all([first, again]);
      expect([firstAnswer.status, againAnswer.status]).toEqual([200, 200]);
      expect(againAnswer.json).toEqual(firstAnswer.json);
      expect(turns).toBe(1);
      const set = (await chat.poll()).json as PolledSet;
      expect(set.activities.map((activity) => activity.text)).toEqual(['isolate host', 'done: isolate host']);
    } finally {
      release();
      await server.close();
    }
  });

  it('takes a client-set activity `id` as the client activity id too', async () => {
    const bot = createRecordingBot();
    const server = await startWebChatServer({ bot });
    try {
      const chat = await openConversation(server.url);
      const first = await chat.post({ type: 'message', text: 'hi', id: 'client-set-1' });
      const again = await chat.post({ type: 'message', text: 'hi', id: 'client-set-1' });
      expect(again.json).toEqual(first.json);
      expect(bot.seen.filter((type) => type === 'message')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('runs the turn for each message with its own id, or with none (the same text twice is two messages)', async () => {
    const bot = createRecordingBot();
    const server = await startWebChatServer({ bot });
    try {
      const chat = await openConversation(server.url);
      const answers = [
        await chat.post({ type: 'message', text: 'yes', channelData: { clientActivityID: 'c-a' } }),
        await chat.post({ type: 'message', text: 'yes', channelData: { clientActivityID: 'c-b' } }),
        await chat.post({ type: 'message', text: 'yes' }),
        await chat.post({ type: 'message', text: 'yes' }),
      ];
      expect(new Set(answers.map((answer) => (answer.json as { id: string }).id)).size).toBe(4);
      expect(bot.seen.filter((type) => type === 'message')).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it('remembers a bounded number of ids per conversation, the newest ones', async () => {
    const bot = createRecordingBot();
    const server = await startWebChatServer({
      bot,
      limits: { conversations: { maxRememberedPostsPerConversation: 2 } },
    });
    try {
      const chat = await openConversation(server.url);
      const post = (id: string) =>
        chat.post({ type: 'message', text: id, channelData: { clientActivityID: id } });
      for (const id of ['c-1', 'c-2', 'c-3']) await post(id);
      await post('c-3'); // remembered: not run again
      expect(bot.seen.filter((type) => type === 'message')).toHaveLength(3);
      await post('c-1'); // forgotten past the bound: a new message
      expect(bot.seen.filter((type) => type === 'message')).toHaveLength(4);
    } finally {
      await server.close();
    }
  });
});
