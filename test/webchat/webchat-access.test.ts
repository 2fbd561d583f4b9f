import type { IncomingMessage } from 'node:http';
import { createDirectLineTokens } from '../../src/channels/directline/directline-token';
import { isLoopbackAddress, webChatAccess } from '../../src/channels/webchat/access-policy';
import { DEFAULT_WEBCHAT_CONFIG, loadWebChatConfig } from '../../src/channels/webchat/webchat-config';
import { webChatPageHeaders } from '../../src/channels/webchat/webchat-page';
import { isSocbotError } from '../../src/errors';
import { openConversation, poll, startWebChatServer, type WebChatServer } from '../directline/helpers';
import { httpRequest } from '../helpers/http-request';

const SECRET = 'test-secret-0123456789abcdef';

function requestFrom(remoteAddress: string, host = '127.0.0.1:3978'): IncomingMessage {
  return { socket: { remoteAddress }, headers: { host } } as unknown as IncomingMessage;
}

describe('who may use Web Chat without WEBCHAT_SECRET', () => {
  const access = webChatAccess(DEFAULT_WEBCHAT_CONFIG);

  it.each(['127.0.0.1', '127.8.9.1', '::1', '::ffff:127.0.0.1'])(
    'serves the loopback client %s',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(true);
      expect(access(requestFrom(address))).toBeUndefined();
    },
  );

  it.each(['10.1.2.3', '192.168.0.7', '::ffff:10.0.0.1', 'fe80::1'])(
    'refuses %s with 403 and says how to open it up',
    (address) => {
      const refusal = access(requestFrom(address));
      expect(refusal?.status).toBe(403);
      expect(refusal?.message).toContain('WEBCHAT_SECRET');
      expect(refusal?.message).toContain('WEBCHAT_ALLOW_REMOTE=true');
    },
  );

  it('serves everyone when the operator opts in with WEBCHAT_ALLOW_REMOTE=true', () => {
    const open = webChatAccess(loadWebChatConfig({ WEBCHAT_ALLOW_REMOTE: 'true' }));
    expect(open(requestFrom('10.1.2.3', 'socbot.soc.example:3978'))).toBeUndefined();
  });

  it('refuses a loopback request under a foreign Host name (DNS rebinding) over real HTTP', async () => {
    const server = await startWebChatServer();
    try {
      expect((await httpRequest(`${server.url}/webchat`)).status).toBe(200);
      const rebound = await httpRequest(`${server.url}/webchat/token`, {
        headers: { Host: 'attacker.example:3978' },
      });
      expect(rebound.status).toBe(403);
      expect(rebound.json).toMatchObject({ code: 'FORBIDDEN' });
      expect(rebound.text).not.toContain('token"');
    } finally {
      await server.close();
    }
  });
});

describe('Web Chat with WEBCHAT_SECRET', () => {
  let server: WebChatServer;
  beforeAll(async () => {
    server = await startWebChatServer({ config: loadWebChatConfig({ WEBCHAT_SECRET: SECRET }) });
  });
  afterAll(() => server.close());

  it('issues tokens only to requests carrying the secret', async () => {
    const none = await httpRequest(`${server.url}/webchat/token`);
    expect(none.status).toBe(401);
    expect(none.text).toContain('Authorization: Bearer <WEBCHAT_SECRET>');
    const wrong = await httpRequest(`${server.url}/webchat/token`, {
      headers: { Authorization: `Bearer ${SECRET}x` },
    });
    expect(wrong.status).toBe(401);
    const right = await httpRequest(`${server.url}/webchat/token`, {
      headers: { Authorization: `Bearer ${SECRET}` },
    });
    expect(right.status).toBe(200);
    expect(right.headers['cache-control']).toBe('no-store');
    expect(right.json).toMatchObject({ conversationId: expect.stringMatching(/^dl_/), expires_in: 1800 });
  });

  it('lets a portal name the analyst through POST /v3/directline/tokens/generate', async () => {
    const res = await httpRequest(`${server.url}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: 'aad:jdoe', name: 'Jane Doe' } }),
    });
    expect(res.status).toBe(200);
    const { token } = res.json as { token: string };
    const chat = await httpRequest(`${server.url}/v3/directline/conversations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(chat.status).toBe(201);
    const { conversationId } = chat.json as { conversationId: string };
    await httpRequest(`${server.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi', from: { id: 'mallory', name: 'Mallory' } }),
    });
    const stream = (await poll(server.url, token, conversationId)).json as {
      activities: Array<{ from: { id: string; name: string } }>;
    };
    expect(stream.activities[0]?.from).toMatchObject({ id: 'aad:jdoe', name: 'Jane Doe' });
  });

  it('answers 403 to an expired token and 401 to one signed with another key', async () => {
    const chat = await openConversation(server.url, { Authorization: `Bearer ${SECRET}` });
    const grant = { conversationId: chat.conversationId, userId: 'analyst_x' };
    const yesterday = Date.now() - 24 * 3600 * 1000;
    const expired = createDirectLineTokens({ key: SECRET, ttlMs: 60_000, now: () => yesterday }).issue(grant);
    const expiredRes = await poll(server.url, expired.token, chat.conversationId);
    expect(expiredRes.status).toBe(403);
    expect(expiredRes.text).toContain('expired');
    const otherKey = createDirectLineTokens({ key: 'another-secret-0123456789', ttlMs: 60_000 }).issue(grant);
    expect((await poll(server.url, otherKey.token, chat.conversationId)).status).toBe(401);
  });

  it('serves the page to remote clients too: it holds no secret, every Direct Line call needs a token', () => {
    const access = webChatAccess(loadWebChatConfig({ WEBCHAT_SECRET: SECRET }));
    expect(access(requestFrom('10.1.2.3', 'socbot.soc.example'))).toBeUndefined();
  });
});

describe('WEBCHAT_* configuration', () => {
  it('defaults to no secret, loopback only, 30-minute tokens', () => {
    expect(loadWebChatConfig({})).toEqual(DEFAULT_WEBCHAT_CONFIG);
  });

  it('lets the operator name the portals that may frame the page, and nothing wider', () => {
    const config = loadWebChatConfig({
      WEBCHAT_FRAME_ANCESTORS: 'https://portal.soc.example.com  https://intranet.example:8443',
    });
    expect(config.frameAncestors).toEqual([
      'https://portal.soc.example.com',
      'https://intranet.example:8443',
    ]);
    expect(webChatPageHeaders(config.frameAncestors)['Content-Security-Policy']).toContain(
      "frame-ancestors 'self' https://portal.soc.example.com https://intranet.example:8443",
    );
    for (const wide of ['*', 'https://*.example.com', "'unsafe-inline'", 'https://portal.example.com/path']) {
      expect(() => loadWebChatConfig({ WEBCHAT_FRAME_ANCESTORS: wide })).toThrow(/WEBCHAT_FRAME_ANCESTORS/);
    }
  });

  it('refuses a short secret and a bad flag, naming each variable', () => {
    let caught: unknown;
    try {
      loadWebChatConfig({ WEBCHAT_SECRET: 'short', WEBCHAT_ALLOW_REMOTE: 'yes' });
    } catch (error) {
      caught = error;
    }
    expect(isSocbotError(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toContain('WEBCHAT_SECRET');
    expect((caught as Error).message).toContain('WEBCHAT_ALLOW_REMOTE');
  });
});
