import http from 'node:http';
import { TurnContext, type Activity } from 'botbuilder';
import { httpRequest } from '../helpers/http-request';
import {
  createRecordingBot,
  openConversation,
  poll,
  pollPause,
  postActivity,
  startWebChatServer,
  type WebChatServer,
} from './helpers';

interface PolledActivity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string };
  channelData?: Record<string, unknown>;
  attachments?: Array<{ contentType: string }>;
  conversation: { id: string };
}

describe('the Direct Line 3.0 endpoint, as Web Chat uses it', () => {
  let server: WebChatServer;
  const bot = createRecordingBot();
  beforeAll(async () => {
    server = await startWebChatServer({ bot });
  });
  afterAll(() => server.close());

  it('starts a conversation, echoes the user message with an id, then appends the bot replies; polling by watermark', async () => {
    const chat = await openConversation(server.url);
    expect(chat.conversationId).toMatch(/^dl_/);
    expect(bot.seen).toContain('conversationUpdate');

    const posted = await chat.post({
      type: 'message',
      text: 'hello',
      from: { id: 'someone-else', role: 'bot' },
      channelData: { clientActivityID: 'client-1', secretStuff: 'dropped' },
    });
    expect(posted.status).toBe(200);
    const { id } = posted.json as { id: string };
    expect(id).toBe(`${chat.conversationId}|0000000`);

    const first = await chat.poll('');
    expect(first.status).toBe(200);
    const set = first.json as { activities: PolledActivity[]; watermark: string };
    expect(set.watermark).toBe('2');
    const [echo, reply] = set.activities;
    expect(echo).toMatchObject({
      id,
      type: 'message',
      text: 'hello',
      channelData: { clientActivityID: 'client-1' },
    });
    expect(echo?.channelData).not.toHaveProperty('secretStuff');
    // The token decides who speaks, not the body.
    expect(echo?.from.id).not.toBe('someone-else');
    expect(echo?.from.role).toBe('user');
    expect(reply?.text).toBe(`echo: hello from ${echo?.from.id}`);
    expect(reply?.from).toMatchObject({ id: 'socbot', role: 'bot' });
    expect(reply?.conversation.id).toBe(chat.conversationId);
    expect(reply?.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');

    await pollPause();
    const nothingNew = await chat.poll(set.watermark);
    expect(nothingNew.json).toEqual({ activities: [], watermark: '2' });

    // A card button (Action.Submit) posts a message with `value` and no text.
    expect((await chat.post({ type: 'message', value: { action: 'confirm', skill: 'x' } })).status).toBe(200);
    await pollPause();
    const pressed = (await chat.poll(set.watermark)).json as {
      activities: PolledActivity[];
      watermark: string;
    };
    expect(pressed.activities.map((activity) => activity.text)).toEqual([
      undefined,
      'pressed {"action":"confirm","skill":"x"}',
    ]);
    expect(pressed.watermark).toBe('4');
  });

  it('shows a proactive message (delivered by conversation reference) at the next poll', async () => {
    const chat = await openConversation(server.url);
    await chat.post({ type: 'message', text: 'hi' });
    const before = (await chat.poll()).json as { activities: PolledActivity[]; watermark: string };
    const reference = TurnContext.getConversationReference(before.activities[0] as Partial<Activity>);
    await server.deliver(reference, { type: 'message', text: 'Ticket INC0010001 created.' });
    await pollPause();
    const after = (await chat.poll(before.watermark)).json as { activities: PolledActivity[] };
    expect(after.activities).toEqual([
      expect.objectContaining({
        text: 'Ticket INC0010001 created.',
        from: expect.objectContaining({ id: 'socbot' }),
      }),
    ]);
    await expect(
      server.deliver(
        { ...reference, conversation: { ...reference.conversation, id: 'dl_gone' } } as typeof reference,
        {
          type: 'message',
          text: 'lost',
        },
      ),
    ).rejects.toThrow('no longer open');
  });

  it('refreshes a token for the same conversation and reconnects with it', async () => {
    const chat = await openConversation(server.url);
    const refreshed = await httpRequest(`${server.url}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${chat.token}` },
    });
    expect(refreshed.status).toBe(200);
    const { token, conversationId } = refreshed.json as { token: string; conversationId: string };
    expect(conversationId).toBe(chat.conversationId);
    const reconnected = await httpRequest(`${server.url}/v3/directline/conversations/${conversationId}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(reconnected.status).toBe(200);
    expect(reconnected.json).toMatchObject({ conversationId, token });
  });

  it("never lets conversation A's token read or post to conversation B", async () => {
    const a = await openConversation(server.url);
    const b = await openConversation(server.url);
    await b.post({ type: 'message', text: 'only for b' });

    const read = await poll(server.url, a.token, b.conversationId);
    expect(read.status).toBe(403);
    expect(read.text).not.toContain('only for b');
    expect(read.json).toMatchObject({ code: 'FORBIDDEN' });
    const write = await postActivity(server.url, a.token, b.conversationId, {
      type: 'message',
      text: 'intrude',
    });
    expect(write.status).toBe(403);
    await pollPause();
    const bStream = (await b.poll()).json as { activities: PolledActivity[] };
    expect(bStream.activities.map((activity) => activity.text)).not.toContain('intrude');
  });

  it('refuses missing, malformed and forged tokens with 401', async () => {
    const chat = await openConversation(server.url);
    const noToken = await httpRequest(
      `${server.url}/v3/directline/conversations/${chat.conversationId}/activities`,
    );
    expect(noToken.status).toBe(401);
    expect((await poll(server.url, 'garbage', chat.conversationId)).status).toBe(401);
    const [version, payload] = chat.token.split('.');
    const forged = `${version}.${payload}.${'A'.repeat(43)}`;
    expect((await poll(server.url, forged, chat.conversationId)).status).toBe(401);
  });

  it('resumes, for a valid token, a conversation it does not keep (no join announced again)', async () => {
    const issued = (await httpRequest(`${server.url}/webchat/token`)).json as {
      token: string;
      conversationId: string;
    };
    const joinsBefore = bot.seen.filter((type) => type === 'conversationUpdate').length;
    const res = await poll(server.url, issued.token, issued.conversationId, '7');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ activities: [] });
    // Above any watermark an earlier process gave the client (7 here).
    expect(Number((res.json as { watermark: string }).watermark)).toBeGreaterThan(7);
    expect(bot.seen.filter((type) => type === 'conversationUpdate')).toHaveLength(joinsBefore);
  });

  it('refuses bodies that are not one message or event activity', async () => {
    const chat = await openConversation(server.url);
    expect((await chat.post({ type: 'invoke', name: 'x' })).status).toBe(400);
    const notJson = await postActivity(server.url, chat.token, chat.conversationId, '{nope');
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ code: 'INPUT_INVALID' });
    const upload = await chat.post({ type: 'message', attachments: [{ contentType: 'image/png' }] });
    expect(upload.status).toBe(400);
    expect(upload.text).toContain('not supported');
  });
});

describe('a bot that greets when the conversation starts', () => {
  it('shows the greeting first, not waiting for an activity that never appears in the stream', async () => {
    const greeter = {
      async run(context: TurnContext) {
        if (context.activity.type === 'conversationUpdate') await context.sendActivity('Hi, I am socbot.');
        else await context.sendActivity(`you said ${context.activity.text ?? ''}`);
      },
      close: async () => undefined,
    };
    const server = await startWebChatServer({ bot: greeter });
    try {
      const chat = await openConversation(server.url);
      await chat.post({ type: 'message', text: 'hello' });
      const { activities } = (await chat.poll()).json as {
        activities: Array<PolledActivity & { replyToId?: string }>;
      };
      expect(activities.map((activity) => activity.text)).toEqual([
        'Hi, I am socbot.',
        'hello',
        'you said hello',
      ]);
      expect(activities[0]).not.toHaveProperty('replyToId');
      // A reply to the user's message keeps its replyToId: that message is in the stream.
      expect(activities[2]?.replyToId).toBe(activities[1]?.id);
    } finally {
      await server.close();
    }
  });
});

describe('the Direct Line endpoint stays bounded', () => {
  it('refuses a body over the size limit with 413 and keeps nothing of it', async () => {
    const server = await startWebChatServer({ limits: { requests: { maxBodyBytes: 8192 } } });
    try {
      const chat = await openConversation(server.url);
      const res = await chat.post({ type: 'message', text: 'x'.repeat(10_000) });
      expect(res.status).toBe(413);
      expect((res.json as { code: string }).code).toBe('INPUT_TOO_LARGE');
      expect((await chat.poll()).json).toEqual({ activities: [], watermark: '0' });
    } finally {
      await server.close();
    }
  });

  it('keeps the first characters of a text too long to read, noting its length, and hands that to the bot', async () => {
    const server = await startWebChatServer({ limits: { requests: { maxActivityBytes: 2048 } } });
    try {
      const chat = await openConversation(server.url);
      const text = `${'a'.repeat(1000)}${'b'.repeat(49_000)}`;
      const res = await chat.post({ type: 'message', text, channelData: { socbotTextLength: 3 } });
      expect(res.status).toBe(200);
      await pollPause();
      const [echo, reply] = ((await chat.poll()).json as { activities: PolledActivity[] }).activities;
      const kept = `${'a'.repeat(1000)}… [socbot kept the first 1,000 of 50,000 characters]`;
      // The client's own note is dropped; the edge's says how long the message was.
      expect(echo).toMatchObject({ text: kept, channelData: { socbotTextLength: 50_000 } });
      expect(reply?.text).toBe(`echo: ${kept} from ${echo?.from.id}`);
    } finally {
      await server.close();
    }
  });

  it('refuses an activity still too large to keep once its text is cut, with 413, and keeps nothing', async () => {
    const server = await startWebChatServer({ limits: { requests: { maxActivityBytes: 2048 } } });
    try {
      const chat = await openConversation(server.url);
      const res = await chat.post({ type: 'message', text: 'hi', value: { blob: 'x'.repeat(4096) } });
      expect(res.status).toBe(413);
      expect((res.json as { message: string }).message).toMatch(
        /too large to keep: \d+ bytes .*limit is 2048 bytes/,
      );
      expect((await chat.poll()).json).toEqual({ activities: [], watermark: '0' });
    } finally {
      await server.close();
    }
  });

  it('reads few long posts at once: one more gets 429 before its body is read, and one without a length is held to the kept size', async () => {
    const server = await startWebChatServer({
      limits: { requests: { maxActivityBytes: 2048, maxLongPostsAtOnce: 1 } },
    });
    const chat = await openConversation(server.url);
    const activities = `${server.url}/v3/directline/conversations/${encodeURIComponent(chat.conversationId)}/activities`;
    const body = JSON.stringify({ type: 'message', text: 'x'.repeat(10_000) });
    // A long post whose body is still arriving holds the one place.
    const slow = http.request(activities, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${chat.token}`,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      },
    });
    const slowAnswer = new Promise<number>((resolve, reject) => {
      slow.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      slow.on('error', reject);
    });
    try {
      slow.write(body.slice(0, 100));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const refused = await chat.post({ type: 'message', text: 'y'.repeat(10_000) });
      expect(refused.status).toBe(429);
      expect((refused.json as { message: string }).message).toContain('reading other long messages');
      // A short post is not held up by it.
      expect((await chat.post({ type: 'message', text: 'hi' })).status).toBe(200);
      slow.end(body.slice(100));
      expect(await slowAnswer).toBe(200);
      // Chunked, no length declared: held to the size an activity keeps.
      const chunked = await new Promise<number>((resolve, reject) => {
        const request = http.request(activities, {
          method: 'POST',
          headers: { Authorization: `Bearer ${chat.token}`, 'Content-Type': 'application/json' },
        });
        request.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        request.on('error', (error: NodeJS.ErrnoException) =>
          // The server may close the connection while the rest of the body is still being sent.
          error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve(413) : reject(error),
        );
        // Two writes: Node then sends it chunked, without a Content-Length.
        request.write(body.slice(0, 100));
        request.end(body.slice(100));
      });
      expect(chunked).toBe(413);
    } finally {
      slow.destroy();
      await server.close();
    }
  });

  it('spaces polls of one conversation by the bound, and refuses a pile-up with 429', async () => {
    const server = await startWebChatServer({
      limits: { requests: { minPollIntervalMs: 400, maxHeldPollsPerConversation: 2 } },
    });
    try {
      const chat = await openConversation(server.url);
      expect((await chat.poll()).status).toBe(200);
      const timed = async (): Promise<{ status: number; ms: number }> => {
        const started = Date.now();
        const res = await chat.poll();
        return { status: res.status, ms: Date.now() - started };
      };
      // Two tabs on one conversation: the next polls are held back, one slot apart, none refused...
      const [second, third, fourth] = await Promise.all([timed(), timed(), timed()]);
      const answered = [second, third, fourth].filter((poll) => poll?.status === 200);
      // ...except past the number of polls held at once.
      expect([second, third, fourth].map((poll) => poll?.status).sort()).toEqual([200, 200, 429]);
      expect(Math.max(...answered.map((poll) => poll.ms))).toBeGreaterThanOrEqual(2 * 400 - 50);
      expect(Math.min(...answered.map((poll) => poll.ms))).toBeGreaterThanOrEqual(400 - 50);
    } finally {
      await server.close();
    }
  });

  it('bounds polls per viewer: several users on one conversation (an incident room) each poll at their pace', async () => {
    const server = await startWebChatServer({
      limits: { requests: { minPollIntervalMs: 400, maxHeldPollsPerConversation: 1 } },
    });
    try {
      const first = await openConversation(server.url);
      // Three more viewers of the same conversation, as the incident page gives them tokens.
      const viewers = ['ana', 'maria', 'erin'].map(
        (userId) => server.tokens.issue({ conversationId: first.conversationId, userId }).token,
      );
      expect((await first.poll()).status).toBe(200);
      const polls = await Promise.all(
        viewers.map((token) => poll(server.url, token, first.conversationId).then((res) => res.status)),
      );
      // Before, the conversation's one bound held the second poll and refused the others with 429.
      expect(polls).toEqual([200, 200, 200]);
      // One viewer polling too fast is still held back and refused past the bound, alone.
      const again = await Promise.all([first.poll(), first.poll()]);
      expect(again.map((res) => res.status).sort()).toEqual([200, 429]);
    } finally {
      await server.close();
    }
  });

  it('keeps only the newest activities of a conversation, with watermarks that keep counting', async () => {
    const server = await startWebChatServer({
      limits: { conversations: { maxActivitiesPerConversation: 3 } },
    });
    try {
      const chat = await openConversation(server.url);
      for (const text of ['one', 'two', 'three']) await chat.post({ type: 'message', text });
      const set = (await chat.poll('0')).json as { activities: PolledActivity[]; watermark: string };
      expect(set.watermark).toBe('6');
      expect(set.activities.map((activity) => activity.id.split('|')[1])).toEqual([
        '0000003',
        '0000004',
        '0000005',
      ]);
      expect(set.activities[1]?.text).toBe('three');
      expect(set.activities[2]?.text).toBe(`echo: three from ${set.activities[1]?.from.id ?? ''}`);
    } finally {
      await server.close();
    }
  });
});
