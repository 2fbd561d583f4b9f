import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEchoBot } from '../../src/channels/echo-bot';
import { startServer, type RunningServer } from '../../src/channels/start-server';
import { loadConfig } from '../../src/config';
import { messageActivity } from '../helpers/activities';
import { createCapturedLogger, type CapturedLogger } from '../helpers/captured-logger';
import { postActivity } from '../helpers/http-request';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const APP_PASSWORD = 'test-password-that-must-never-be-logged';
const AUTH_TIMEOUT_MS = 800;

/** A JWT that parses like a Bot Framework token but carries no valid signature. */
function unverifiableJwt(): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return [
    encode({ alg: 'RS256', typ: 'JWT', kid: 'socbot-test-key' }),
    encode({ iss: 'https://api.botframework.com', aud: APP_ID, nbf: now - 60, exp: now + 3600 }),
    Buffer.from('not-a-signature').toString('base64url'),
  ].join('.');
}

describe('authentication with app credentials', () => {
  let hangingMetadata: Server;
  let log: CapturedLogger;
  let viaLoopback: RunningServer;
  let viaInternet: RunningServer;
  const activity = messageActivity({
    serviceUrl: 'http://127.0.0.1:9',
    conversationId: 'conv-auth',
    id: 'a1',
    text: 'hi',
  });

  beforeAll(async () => {
    // An OpenID metadata endpoint that accepts the connection and never answers.
    hangingMetadata = createServer(() => undefined);
    await new Promise<void>((resolve) => hangingMetadata.listen(0, '127.0.0.1', resolve));
    const metadataUrl = `http://127.0.0.1:${(hangingMetadata.address() as AddressInfo).port}/openid`;
    log = createCapturedLogger();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      SOCBOT_AUTH_TIMEOUT_MS: String(AUTH_TIMEOUT_MS),
    });
    const createBot = async (): Promise<ReturnType<typeof createEchoBot>> => createEchoBot();
    viaLoopback = await startServer(config, {
      createBot,
      logger: log.logger,
      authOverrides: { openIdMetadataUrl: metadataUrl },
    });
    // The SDK's own metadata URLs, on the internet, which this machine cannot reach.
    viaInternet = await startServer(config, { createBot, logger: log.logger });
  });

  afterAll(async () => {
    await viaLoopback.stop();
    await viaInternet.stop();
    hangingMetadata.closeAllConnections();
    await new Promise<void>((resolve) => hangingMetadata.close(() => resolve()));
  });

  it('refuses a request without an Authorization header with 401 at once', async () => {
    const started = Date.now();
    const res = await postActivity(viaLoopback.url, activity);
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((res.json as { message: string }).message).toMatch(/Authorization header is missing/);
    expect(Date.now() - started).toBeLessThan(AUTH_TIMEOUT_MS);
  });

  it('refuses a token that is not a JWT with 401', async () => {
    const res = await postActivity(viaLoopback.url, activity, { Authorization: 'Bearer not-a-jwt' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answers 401 within the auth timeout when the OpenID metadata never answers', async () => {
    const started = Date.now();
    const res = await postActivity(viaLoopback.url, activity, {
      Authorization: `Bearer ${unverifiableJwt()}`,
    });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(elapsed).toBeGreaterThanOrEqual(AUTH_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(AUTH_TIMEOUT_MS + 2000);
  });

  it('answers 401, never 500 and never a hang, when the internet metadata is unreachable', async () => {
    const started = Date.now();
    const res = await postActivity(viaInternet.url, activity, {
      Authorization: `Bearer ${unverifiableJwt()}`,
    });
    expect(res.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(AUTH_TIMEOUT_MS + 2000);
  });

  it('logs why a request was refused but never the token or the app password', () => {
    const text = log.text();
    expect(
      log.lines().filter((line) => line.msg === 'request not authenticated').length,
    ).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain(APP_PASSWORD);
    expect(text).not.toContain(unverifiableJwt().split('.')[1]);
    expect(text).not.toContain('not-a-jwt');
  });
});
