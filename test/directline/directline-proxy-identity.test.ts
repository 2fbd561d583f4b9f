import { loadWebChatConfig } from '../../src/channels/webchat/webchat-config';
import { httpRequest } from '../helpers/http-request';
import {
  createRecordingBot,
  openConversation,
  poll,
  startWebChatServer,
  type WebChatServer,
} from './helpers';

const SECRET = 'webchat-secret-5e1f3a7c9b2d4e6f8a0c';

/** Who the bot saw as the sender of one message in a fresh conversation opened with `tokenHeaders`. */
async function senderSeenByBot(
  server: WebChatServer,
  tokenHeaders: Record<string, string>,
): Promise<{ id: string; name?: string }> {
  const chat = await openConversation(server.url, tokenHeaders);
  // Whatever the browser claims as `from` is ignored.
  const sent = await chat.post({ type: 'message', text: 'hi', from: { id: 'mallory', name: 'Mallory' } });
  expect(sent.status).toBe(200);
  const stream = (await poll(server.url, chat.token, chat.conversationId)).json as {
    activities: Array<{ from: { id: string; name?: string }; text?: string }>;
  };
  const echo = stream.activities.find((activity) => activity.text?.startsWith('echo: hi'));
  expect(echo?.text).toBe(`echo: hi from ${stream.activities[0]?.from.id ?? ''}`);
  const from = stream.activities[0]?.from;
  if (!from) throw new Error('no activity in the stream');
  return from;
}

describe('the SSO-proxy Web Chat flow carries the analyst identity (WEBCHAT_SECRET set)', () => {
  let server: WebChatServer;
  beforeAll(async () => {
    server = await startWebChatServer({
      bot: createRecordingBot(),
      config: loadWebChatConfig({ WEBCHAT_SECRET: SECRET }),
    });
  });
  afterAll(() => server.close());

  it("takes the user from X-Socbot-User / X-Socbot-User-Name on the page's GET /webchat/token", async () => {
    const from = await senderSeenByBot(server, {
      Authorization: `Bearer ${SECRET}`,
      'X-Socbot-User': 'jdoe@soc.example.com',
      'X-Socbot-User-Name': 'Jane Doe',
    });
    expect(from).toEqual({ id: 'jdoe@soc.example.com', name: 'Jane Doe', role: 'user' });
  });

  it('keeps the same user across a token refresh', async () => {
    const issued = await httpRequest(`${server.url}/webchat/token`, {
      headers: { Authorization: `Bearer ${SECRET}`, 'X-Socbot-User': 'aad:1234-abcd' },
    });
    const { token } = issued.json as { token: string };
    const refreshed = await httpRequest(`${server.url}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(refreshed.status).toBe(200);
    expect(server.tokens.verify((refreshed.json as { token: string }).token)).toMatchObject({
      userId: 'aad:1234-abcd',
    });
  });

  it('reads a UTF-8 display name sent as header bytes', async () => {
    const issued = await httpRequest(`${server.url}/webchat/token`, {
      headers: {
        Authorization: `Bearer ${SECRET}`,
        'X-Socbot-User': 'jmueller',
        'X-Socbot-User-Name': Buffer.from('Jürgen Müller', 'utf8').toString('latin1'),
      },
    });
    expect(issued.status).toBe(200);
    expect(server.tokens.verify((issued.json as { token: string }).token)).toMatchObject({
      userId: 'jmueller',
      userName: 'Jürgen Müller',
    });
  });

  it.each([
    [{ 'X-Socbot-User': 'jdoe smith' }, /X-Socbot-User must be/],
    [{ 'X-Socbot-User': 'x'.repeat(129) }, /X-Socbot-User must be/],
    [{ 'X-Socbot-User': 'jdoe', 'X-Socbot-User-Name': 'n'.repeat(129) }, /X-Socbot-User-Name must be/],
    [{ 'X-Socbot-User': 'jdoe', 'X-Socbot-User-Name': 'Jane\u0085Doe' }, /X-Socbot-User-Name must be/],
  ])('refuses %j with 400 and issues no token', async (headers, message) => {
    const res = await httpRequest(`${server.url}/webchat/token`, {
      headers: { Authorization: `Bearer ${SECRET}`, ...headers },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code: 'INPUT_INVALID', message: expect.stringMatching(message) });
  });

  it('ignores the headers, and issues nothing, without the secret', async () => {
    const res = await httpRequest(`${server.url}/webchat/token`, {
      headers: { 'X-Socbot-User': 'the-lead' },
    });
    expect(res.status).toBe(401);
  });
});

describe('without WEBCHAT_SECRET the browser cannot name itself', () => {
  it.each([
    ['loopback only', {}],
    ['WEBCHAT_ALLOW_REMOTE=true', { WEBCHAT_ALLOW_REMOTE: 'true' }],
  ])('%s: X-Socbot-User is ignored and the user gets a random id', async (_label, env) => {
    const server = await startWebChatServer({ bot: createRecordingBot(), config: loadWebChatConfig(env) });
    try {
      const from = await senderSeenByBot(server, {
        'X-Socbot-User': 'the-lead',
        'X-Socbot-User-Name': 'The Lead',
      });
      expect(from.id).not.toBe('the-lead');
      expect(from.name).not.toBe('The Lead');
    } finally {
      await server.close();
    }
  });
});
