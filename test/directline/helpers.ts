import type { AddressInfo } from 'node:net';
import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
import restify from 'restify';
import type { SocBot } from '../../src/channels/socbot';
import { mountWebChat, type WebChatDeps, type WebChatMount } from '../../src/channels/webchat/mount-webchat';
import { createCapturedLogger } from '../helpers/captured-logger';
import { httpRequest, type TestResponse } from '../helpers/http-request';

/** A bot that echoes text with a card, answers button values, and notes every activity type it saw. */
export function createRecordingBot(): SocBot & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    async run(context: TurnContext) {
      seen.push(context.activity.type);
      if (context.activity.type !== ActivityTypes.Message) return;
      if (context.activity.value !== undefined) {
        await context.sendActivity(`pressed ${JSON.stringify(context.activity.value)}`);
        return;
      }
      await context.sendActivity({
        type: 'message',
        text: `echo: ${context.activity.text ?? ''} from ${context.activity.from.id}`,
        attachments: [CardFactory.adaptiveCard({ type: 'AdaptiveCard', version: '1.4', body: [] })],
      });
    },
    close: async () => undefined,
  };
}

/** A restify server on 127.0.0.1 with only the Web Chat routes mounted. */
export interface WebChatServer extends WebChatMount {
  url: string;
  close(): Promise<void>;
}

export async function startWebChatServer(
  options: Partial<WebChatDeps> & { bot?: SocBot } = {},
): Promise<WebChatServer> {
  const server = restify.createServer({ name: 'webchat-test', handleUncaughtExceptions: false });
  const mount = mountWebChat(server, {
    bot: options.bot ?? createRecordingBot(),
    logger: createCapturedLogger().logger,
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...mount,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Direct Line client as Web Chat is one: token, conversation, post, poll by watermark. */
export interface DirectLineTestClient {
  token: string;
  conversationId: string;
  post(activity: Record<string, unknown>): Promise<TestResponse>;
  poll(watermark?: string): Promise<TestResponse>;
}

/** Gets a token from GET /webchat/token and starts its conversation. */
export async function openConversation(
  url: string,
  tokenHeaders: Record<string, string> = {},
): Promise<DirectLineTestClient> {
  const issued = await httpRequest(`${url}/webchat/token`, { headers: tokenHeaders });
  if (issued.status !== 200) throw new Error(`token: ${issued.status} ${issued.text}`);
  const { token } = issued.json as { token: string };
  const started = await httpRequest(`${url}/v3/directline/conversations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${started.text}`);
  const { conversationId } = started.json as { conversationId: string };
  return {
    token,
    conversationId,
    post: (activity) => postActivity(url, token, conversationId, activity),
    poll: (watermark = '') => poll(url, token, conversationId, watermark),
  };
}

export function postActivity(
  url: string,
  token: string,
  conversationId: string,
  activity: Record<string, unknown> | string,
): Promise<TestResponse> {
  return httpRequest(`${url}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
}

export function poll(
  url: string,
  token: string,
  conversationId: string,
  watermark = '',
): Promise<TestResponse> {
  return httpRequest(
    `${url}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities?watermark=${watermark}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
}

/** Waits past the endpoint's polling-rate bound. */
export function pollPause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 120));
}
