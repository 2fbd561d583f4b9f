import type { IncomingMessage } from 'node:http';
import type { Activity, ConversationReference } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { SocbotError } from '../../errors';
import type { Logger } from '../../logger';
import { ConversationQueue } from '../conversation-queue';
import { DirectLineAdapter } from '../directline/directline-adapter';
import { DEFAULT_DIRECTLINE_LIMITS, type DirectLineLimits } from '../directline/directline-conversations';
import type { DirectLineStore } from '../directline/directline-store';
import { MemoryDirectLineStore } from '../directline/memory-directline-store';
import {
  createDirectLineEndpoint,
  DEFAULT_DIRECTLINE_REQUEST_LIMITS,
  type DirectLineRequestLimits,
} from '../directline/directline-endpoint';
import { createDirectLineTokens, type DirectLineTokens } from '../directline/directline-token';
import { sendError } from '../http-error';
import type { SocBot } from '../socbot';
import { webChatAccess } from './access-policy';
import { webChatTokenKey } from './token-key';
import { loadWebChatBundle, type StaticFile } from './webchat-bundle';
import { DEFAULT_WEBCHAT_CONFIG, type WebChatConfig } from './webchat-config';
import { webChatPageHeaders, WEBCHAT_PAGE_HTML, WEBCHAT_PAGE_SCRIPT } from './webchat-page';

/**
 * What {@link mountWebChat} needs from the server: the same shape as start-server's `ServerContext`
 * (bot, logger, turn queue, turn counting and draining), plus the Web Chat settings.
 */
export interface WebChatDeps {
  bot: SocBot;
  logger: Logger;
  /** The server's per-conversation turn queue; a fresh one when absent. */
  queue?: ConversationQueue;
  /** The server's turn counting, so a graceful stop waits for Web Chat turns too. */
  beginTurn?: () => () => void;
  isDraining?: () => boolean;
  /** WEBCHAT_* settings; absent: no secret, loopback clients only. */
  config?: WebChatConfig | undefined;
  /**
   * SOCBOT_DATA_DIR: without WEBCHAT_SECRET, the token key is kept there, so open pages survive a
   * restart. Absent (tests): a key per process.
   */
  dataDir?: string | undefined;
  limits?: { conversations?: Partial<DirectLineLimits>; requests?: Partial<DirectLineRequestLimits> };
  /**
   * Where conversations are kept when not in this process: with replicas, the PostgreSQL store and
   * the token key every replica shares (src/app/webchat-storage-wiring.ts). Absent: in memory, the key
   * from WEBCHAT_SECRET or the data directory.
   */
  shared?: SharedWebChatStorage | undefined;
}

/** Web Chat's state as replicas share it: the conversations and the key tokens are signed with. */
export interface SharedWebChatStorage {
  conversations: DirectLineStore;
  tokenKey: string | Buffer;
}

/** What the mounted Web Chat exposes to the server and tests. */
export interface WebChatMount {
  conversations: DirectLineStore;
  tokens: DirectLineTokens;
  /**
   * Writes into a Web Chat conversation outside a turn (a proactive message: "ticket created"), by the
   * conversation reference stored at its last turn; the page shows it at its next poll. Rejects when
   * the conversation is no longer open (page closed long ago, server restarted).
   *
   * @example
   *   messenger.attach(DIRECTLINE_SERVICE_URL, webChat.deliver);
   */
  deliver(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<void>;
}

/**
 * Adds the self-hosted Web Chat to socbot's restify server:
 * - `GET /` and `GET /webchat`: the page; `GET /webchat/webchat.js`: botframework-webchat's bundle,
 *   served from this server (no CDN); `GET /webchat/page.js`: the page's script;
 * - `GET /webchat/token` (= `POST /v3/directline/tokens/generate`): a token for a new conversation;
 * - `/v3/directline/…`: the Direct Line 3.0 endpoint the page talks to, running each turn through
 *   the same bot as /api/messages.
 * Every route first applies the access policy (see access-policy.ts).
 *
 * @example
 *   mountWebChat(server, { bot, logger, config: config.webChat });
 */
export function mountWebChat(server: Server, deps: WebChatDeps): WebChatMount {
  const config = deps.config ?? DEFAULT_WEBCHAT_CONFIG;
  const conversations =
    deps.shared?.conversations ??
    new MemoryDirectLineStore({ ...DEFAULT_DIRECTLINE_LIMITS, ...deps.limits?.conversations });
  // The same key after a restart (and on every replica): an open page's token stays valid and its
  // conversation resumes.
  const tokens = createDirectLineTokens({
    key: deps.shared?.tokenKey ?? webChatTokenKey(config.secret, deps.dataDir),
    ttlMs: config.tokenTtlMs,
  });
  const adapter = new DirectLineAdapter(conversations, deps.logger);
  const endpoint = createDirectLineEndpoint({
    bot: deps.bot,
    adapter,
    conversations,
    tokens,
    queue: deps.queue ?? new ConversationQueue(deps.bot.turnLock),
    logger: deps.logger,
    secret: config.secret,
    limits: { ...DEFAULT_DIRECTLINE_REQUEST_LIMITS, ...deps.limits?.requests },
    beginTurn: deps.beginTurn ?? (() => () => undefined),
    isDraining: deps.isDraining ?? (() => false),
  });
  const access = webChatAccess(config);
  const guarded =
    (handler: (req: Request, res: Response) => Promise<void> | void) =>
    async (req: Request, res: Response): Promise<void> => {
      const refusal = access(req);
      if (refusal) {
        sendError(res, refusal.status, 'FORBIDDEN', refusal.message);
        return;
      }
      await handler(req, res);
    };

  // Read and gzipped now, so the first analyst does not wait for it; a missing file answers 500 then.
  const bundle: Promise<StaticFile> = loadWebChatBundle();
  bundle.catch((error: unknown) => deps.logger.error({ err: error }, 'the Web Chat bundle cannot be served'));
  const serveBundle = async (req: Request, res: Response): Promise<void> => {
    sendStatic(req, res, await bundle);
  };
  const pageHeaders = webChatPageHeaders(config.frameAncestors);
  const servePage = (_req: Request, res: Response): void => {
    sendText(res, 'text/html; charset=utf-8', WEBCHAT_PAGE_HTML, pageHeaders);
  };
  const servePageScript = (_req: Request, res: Response): void => {
    sendText(res, 'application/javascript; charset=utf-8', WEBCHAT_PAGE_SCRIPT, {
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
  };

  server.get('/', guarded(servePage));
  server.get('/webchat', guarded(servePage));
  server.get('/webchat/page.js', guarded(servePageScript));
  server.get('/webchat/webchat.js', guarded(serveBundle));
  server.get('/webchat/token', guarded(endpoint.generateToken));
  server.post('/v3/directline/tokens/generate', guarded(endpoint.generateToken));
  server.post('/v3/directline/tokens/refresh', guarded(endpoint.refreshToken));
  server.post('/v3/directline/conversations', guarded(endpoint.startConversation));
  server.get('/v3/directline/conversations/:conversationId', guarded(endpoint.reconnect));
  server.post('/v3/directline/conversations/:conversationId/activities', guarded(endpoint.postActivity));
  server.get('/v3/directline/conversations/:conversationId/activities', guarded(endpoint.getActivities));

  deps.logger.info(
    {
      webChat:
        config.secret !== ''
          ? 'token (WEBCHAT_SECRET)'
          : config.allowRemote
            ? 'open to all'
            : 'loopback only',
    },
    'web chat page at /webchat',
  );
  const deliver = async (
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
  ): Promise<void> => {
    const conversationId = reference.conversation?.id ?? '';
    if (!(await conversations.has(conversationId))) {
      throw new SocbotError(
        'INPUT_INVALID',
        `Web Chat conversation ${conversationId} is no longer open (the page was closed or socbot restarted), so the message cannot be shown there.`,
        { reason: 'conversation-not-found' },
      );
    }
    await adapter.continueConversation(reference, async (context) => {
      await context.sendActivity(activity);
    });
  };
  return { conversations, tokens, deliver };
}

function sendText(
  res: Response,
  contentType: string,
  text: string,
  headers: Readonly<Record<string, string>>,
): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(200, { ...headers, 'Content-Type': contentType, 'Content-Length': body.length });
  res.end(body);
}

/** A cached static file: 304 on a matching ETag, gzip when the client accepts it. */
function sendStatic(req: IncomingMessage, res: Response, file: StaticFile): void {
  const headers: Record<string, string | number> = {
    'Content-Type': file.contentType,
    ETag: file.etag,
    'Cache-Control': 'public, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
    Vary: 'Accept-Encoding',
  };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? file.gzipped : file.body;
  res.writeHead(200, {
    ...headers,
    'Content-Length': body.length,
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
  });
  res.end(body);
}
