import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ActivityTypes, type Activity } from 'botbuilder';
import type { Request, Response } from 'restify';
import { conversationMemoryKey } from '../../conversation/conversation-memory-store';
import { asSocbotError, SocbotError } from '../../errors';
import type { Logger } from '../../logger';
import type { ConversationQueue } from '../conversation-queue';
import type { HttpErrorCode } from '../http-error';
import { readBoundedBody } from '../read-bounded-body';
import { noteConversation, noteQuietRequest } from '../request-log';
import type { SocBot } from '../socbot';
import {
  clientActivity,
  clientActivityIdOf,
  DIRECTLINE_BOT_ACCOUNT,
  DIRECTLINE_SERVICE_URL,
} from './client-activity';
import type { DirectLineAdapter } from './directline-adapter';
import { DirectLineConversations, type ViewerPolls } from './directline-conversations';
import type { ConversationLocals, DirectLineStore } from './directline-store';
import type { DirectLineGrant, DirectLineTokens } from './directline-token';

/** Request-level bounds of the Direct Line endpoint. */
export interface DirectLineRequestLimits {
  /**
   * Largest body a client may POST, in bytes: read whole, so a pasted log gets the bot's "too long"
   * answer in the conversation instead of a bare 413 (Web Chat only shows "Send failed").
   */
  maxBodyBytes: number;
  /** Largest activity kept in the conversation, in bytes, after a text too long to read was cut. */
  maxActivityBytes: number;
  /**
   * Posts over `maxActivityBytes` read at once by this process (each holds megabytes until its text
   * is cut); one more gets 429. A post that does not declare its length is held to `maxActivityBytes`.
   */
  maxLongPostsAtOnce: number;
  /** Polls of one conversation by one viewer are answered at least this far apart (Web Chat polls every 300 ms). */
  minPollIntervalMs: number;
  /** Polls of one conversation by one viewer held back at once by that spacing; one more gets 429. */
  maxHeldPollsPerConversation: number;
  /** Turns of one conversation waiting at once; more get 429 instead of piling up. */
  maxPendingTurnsPerConversation: number;
}

/**
 * Defaults: 2 MB per post (a pasted megabyte of log is answered), 4 such long posts read at once,
 * 32 KB kept per activity, at most 10 polls a second, 4 turns queued per conversation.
 */
export const DEFAULT_DIRECTLINE_REQUEST_LIMITS: DirectLineRequestLimits = {
  maxBodyBytes: 2 * 1024 * 1024,
  maxActivityBytes: 32 * 1024,
  maxLongPostsAtOnce: 4,
  minPollIntervalMs: 100,
  maxHeldPollsPerConversation: 2,
  maxPendingTurnsPerConversation: 4,
};

/** What the Direct Line handlers work with. */
export interface DirectLineEndpointDeps {
  bot: SocBot;
  adapter: DirectLineAdapter;
  /** In this process, or in PostgreSQL shared by every replica (a page goes on with another replica). */
  conversations: DirectLineStore;
  tokens: DirectLineTokens;
  /** Turns of one conversation run one after the other. */
  queue: ConversationQueue;
  logger: Logger;
  /** WEBCHAT_SECRET; empty: tokens are issued without one (the access policy limits who may ask). */
  secret: string;
  limits: DirectLineRequestLimits;
  /** Counts requests for graceful shutdown; called when one starts, returns its "done". */
  beginTurn: () => () => void;
  isDraining: () => boolean;
}

/** Codes of the endpoint's error answers. */
type DirectLineErrorCode = HttpErrorCode | 'TOO_MANY_REQUESTS' | 'CONVERSATION_NOT_FOUND';

/** A Direct Line 3.0 `Conversation` answer. */
interface ConversationAnswer {
  conversationId: string;
  token: string;
  expires_in: number;
}

/**
 * The Direct Line 3.0 REST protocol as Web Chat speaks it with `webSocket: false`:
 *
 * | route | answer |
 * |---|---|
 * | `POST /v3/directline/tokens/generate` (Bearer WEBCHAT_SECRET when set) | 200 `{ conversationId, token, expires_in }`; with the secret, the user from `X-Socbot-User(-Name)` or the body's `user` |
 * | `POST /v3/directline/tokens/refresh` (Bearer token) | 200, a fresh token for the same conversation |
 * | `POST /v3/directline/conversations` (Bearer token or secret) | 201, the conversation starts |
 * | `GET /v3/directline/conversations/:id` (Bearer token) | 200, reconnect |
 * | `POST /v3/directline/conversations/:id/activities` | 200 `{ id }`, after the bot's turn ran; a repeated client activity id gets the first post's answer |
 * | `GET /v3/directline/conversations/:id/activities?watermark=N` | 200 `{ activities, watermark }` |
 *
 * The user's message is appended to the stream (with its id) before the bot's replies, as Web Chat
 * expects. A valid token whose conversation this process does not keep (after a restart) resumes it.
 * Errors: 401 bad token, 403 expired token or another conversation's token, 404 conversation gone
 * mid-request, 413 too large (a body over `maxBodyBytes`, or an activity over `maxActivityBytes` once a
 * text too long to read was cut to what the stream keeps), 429 too many at once, 503 shutting down.
 *
 * @example
 *   const endpoint = createDirectLineEndpoint(deps);
 *   server.post('/v3/directline/conversations/:conversationId/activities', endpoint.postActivity);
 */
export function createDirectLineEndpoint(deps: DirectLineEndpointDeps) {
  const { conversations, tokens, limits } = deps;
  const pendingTurns = new Map<string, number>();
  /** Posts over `maxActivityBytes` being read and cut now (`maxLongPostsAtOnce`). */
  let longPostsReading = 0;

  /**
   * The posted activity, its text cut to what the stream keeps. A post longer than an activity is
   * kept (a pasted log) is read only while fewer than `maxLongPostsAtOnce` are and its conversation
   * has room for another turn: else a refusal to answer with 429, before a byte of it is read.
   */
  const postedActivity = async (
    req: Request,
    grant: DirectLineGrant,
  ): Promise<{ activity: Activity } | { busy: string }> => {
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    const long = Number.isFinite(declared) && declared > limits.maxActivityBytes;
    if (long) {
      const pending = pendingTurns.get(grant.conversationId) ?? 0;
      if (pending >= limits.maxPendingTurnsPerConversation) return { busy: tooManyPending(pending) };
      if (longPostsReading >= limits.maxLongPostsAtOnce) {
        return {
          busy: 'socbot is reading other long messages. Send again in a moment, or send a shorter one.',
        };
      }
      longPostsReading += 1;
    }
    try {
      const limit = long ? limits.maxBodyBytes : Math.min(limits.maxActivityBytes, limits.maxBodyBytes);
      const body = await readBoundedBody(req, limit);
      const activity = clientActivity(
        parseJson(body),
        { userId: grant.userId, ...(grant.userName ? { userName: grant.userName } : {}) },
        grant.conversationId,
      );
      refuseUnkeepable(activity, limits.maxActivityBytes);
      return { activity };
    } finally {
      if (long) longPostsReading -= 1;
    }
  };

  /** Wraps a handler: draining → 503, coded errors → their HTTP answer. */
  const handle =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      if (deps.isDraining()) {
        res.setHeader('Retry-After', '1');
        sendDirectLineError(res, 503, 'UNAVAILABLE', 'socbot is shutting down. Retry in a moment.');
        return;
      }
      // Counted from request to answer (not just the bot's turn), so a stop never cuts off an answer.
      const done = deps.beginTurn();
      try {
        await handler(req, res);
      } catch (error) {
        answerFailure(res, asSocbotError(error), deps.logger);
      } finally {
        done();
      }
    };

  const answer = (grant: DirectLineGrant, token: string): ConversationAnswer => ({
    conversationId: grant.conversationId,
    token,
    expires_in: Math.round(tokens.ttlMs / 1000),
  });

  /** Issues a token for a new conversation to a caller that may have one. */
  const generateToken = handle(async (req, res) => {
    requireSecret(req, deps.secret);
    // Only a holder of WEBCHAT_SECRET (a portal, an SSO proxy) names the user; a browser never does.
    const requested = deps.secret !== '' ? { ...(await requestedUser(req)), ...proxiedUser(req) } : {};
    const { token, grant } = tokens.issue({
      conversationId: DirectLineConversations.newId(),
      userId: requested.id ?? DirectLineConversations.newUserId(),
      ...(requested.name ? { userName: requested.name } : {}),
    });
    res.setHeader('Cache-Control', 'no-store');
    res.send(200, answer(grant, token));
  });

  const refreshToken = handle(async (req, res) => {
    const grant = tokens.verify(bearer(req));
    const { conversationId, userId, userName } = grant;
    const fresh = tokens.issue({ conversationId, userId, ...(userName ? { userName } : {}) });
    res.setHeader('Cache-Control', 'no-store');
    res.send(200, answer(fresh.grant, fresh.token));
  });

  const startConversation = handle(async (req, res) => {
    const credential = bearer(req);
    // Direct Line also lets a server start a conversation with the secret itself.
    const { token, grant } =
      deps.secret !== '' && sameSecret(credential, deps.secret)
        ? tokens.issue({
            conversationId: DirectLineConversations.newId(),
            userId: DirectLineConversations.newUserId(),
          })
        : { token: credential, grant: tokens.verify(credential) };
    noteConversation(req, grant.conversationId);
    const { created } = await conversations.open(grant.conversationId, grant.userId);
    if (created) await announceConversation(grant.conversationId, grant);
    res.setHeader('Cache-Control', 'no-store');
    res.send(201, answer(grant, token));
  });

  const reconnect = handle(async (req, res) => {
    const grant = grantFor(req);
    await conversations.resume(grant.conversationId, grant.userId);
    res.send(200, answer(grant, bearer(req)));
  });

  const postActivity = handle(async (req, res) => {
    const grant = grantFor(req);
    const conversationId = grant.conversationId;
    await conversations.resume(conversationId, grant.userId);
    const posted = await postedActivity(req, grant);
    if ('busy' in posted) {
      res.setHeader('Retry-After', '1');
      sendDirectLineError(res, 429, 'TOO_MANY_REQUESTS', posted.busy);
      return;
    }
    const activity = posted.activity;
    const local = conversations.locals(conversationId);
    // A retry of a post whose answer the client never got (a proxy's 504): the first one's answer,
    // once its turn ran, and the message is neither shown nor handled twice.
    const clientActivityId = clientActivityIdOf(activity);
    const earlier = clientActivityId !== undefined ? local.posts.answerTo(clientActivityId) : undefined;
    if (earlier) {
      res.send(200, { id: await earlier });
      return;
    }
    const pending = pendingTurns.get(conversationId) ?? 0;
    if (pending >= limits.maxPendingTurnsPerConversation) {
      res.setHeader('Retry-After', '1');
      sendDirectLineError(res, 429, 'TOO_MANY_REQUESTS', tooManyPending(pending));
      return;
    }
    pendingTurns.set(conversationId, pending + 1);
    const turnDone = (): void => {
      const left = (pendingTurns.get(conversationId) ?? 1) - 1;
      if (left > 0) pendingTurns.set(conversationId, left);
      else pendingTurns.delete(conversationId);
    };
    // Echoed first, with its id: Web Chat shows the message as sent when it comes back in the stream.
    const answered = (async (): Promise<string> => {
      const stored = await conversations.appendPost(conversationId, activity, clientActivityId);
      if (!stored) throw conversationGone(conversationId);
      const storedId = stored.activity.id ?? ''; // append always sets it
      // A post another replica stored first (the client retried there): its turn runs there.
      if (stored.repeated) return storedId;
      try {
        await runTurn(stored.activity);
      } finally {
        // Answered (or the user told the turn failed): a later retry must not run it again.
        await conversations.postAnswered(conversationId, storedId);
      }
      return storedId;
    })().finally(turnDone);
    // Remembered before anything is awaited: a retry arriving during the turn waits for this answer.
    if (clientActivityId !== undefined) local.posts.remember(clientActivityId, answered);
    res.send(200, { id: await answered });
  });

  const getActivities = handle(async (req, res) => {
    const grant = grantFor(req);
    // A valid token whose conversation is not kept here any more (socbot restarted, or it idled
    // out) resumes it: the page goes on where it was, with what the bot remembers on disk.
    const conversationId = grant.conversationId;
    await conversations.resume(conversationId, grant.userId);
    // Web Chat polls ~3 times a second per open page: an answered poll is not worth an info line.
    noteQuietRequest(req);
    const watermark = watermarkOf(req);
    // Polls closer than the bound (two tabs on one conversation) are held back, not refused: a refused
    // poll ends Web Chat's activity stream for good. Only a pile-up of held polls is refused.
    const now = Date.now();
    const viewer = viewerPolls(conversations.locals(conversationId), grant.userId);
    const slot = Math.max(now, viewer.lastPolledAt + limits.minPollIntervalMs);
    if (slot > now) {
      if (viewer.heldPolls >= limits.maxHeldPollsPerConversation) {
        res.setHeader('Retry-After', '1');
        sendDirectLineError(
          res,
          429,
          'TOO_MANY_REQUESTS',
          `Poll at most every ${limits.minPollIntervalMs} ms per conversation and user (Web Chat's pollingInterval).`,
        );
        return;
      }
      viewer.lastPolledAt = slot;
      viewer.heldPolls += 1;
      await new Promise((resolve) => setTimeout(resolve, slot - now));
      viewer.heldPolls -= 1;
    } else {
      viewer.lastPolledAt = now;
    }
    const set = await conversations.since(conversationId, watermark);
    if (!set) throw conversationGone(conversationId);
    res.setHeader('Cache-Control', 'no-store');
    res.send(200, set);
  });

  /** The token's grant, refused when it names another conversation than the URL. */
  function grantFor(req: Request): DirectLineGrant {
    const grant = tokens.verify(bearer(req));
    const requested = (req.params as Record<string, string | undefined>).conversationId;
    noteConversation(req, grant.conversationId);
    if (requested !== grant.conversationId) {
      throw new SocbotError(
        'FORBIDDEN',
        'This token belongs to another conversation. Use the token issued for this conversation.',
        { reason: 'conversation' },
      );
    }
    return grant;
  }

  /** Direct Line tells the bot that the user and the bot joined, as Azure's service does. */
  async function announceConversation(conversationId: string, grant: DirectLineGrant): Promise<void> {
    const user = { id: grant.userId, name: grant.userName ?? grant.userId, role: 'user' };
    const activity: Partial<Activity> = {
      type: ActivityTypes.ConversationUpdate,
      id: `${conversationId}|join`,
      channelId: 'webchat',
      serviceUrl: DIRECTLINE_SERVICE_URL,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: user,
      recipient: { ...DIRECTLINE_BOT_ACCOUNT },
      membersAdded: [{ ...DIRECTLINE_BOT_ACCOUNT }, user],
      timestamp: new Date(),
    };
    await runTurn(activity as Activity);
  }

  function runTurn(activity: Activity): Promise<void> {
    return deps.queue.run(
      activity.conversation.id,
      () => deps.adapter.runTurn(activity, (context) => deps.bot.run(context)),
      { stateKeys: [conversationMemoryKey(activity.channelId, activity.conversation.id)] },
    );
  }

  return { generateToken, refreshToken, startConversation, reconnect, postActivity, getActivities };
}

/** The polls of one viewer of a conversation (in this process), created at their first poll. */
function viewerPolls(local: ConversationLocals, userId: string): ViewerPolls {
  let polls = local.polls.get(userId);
  if (!polls) {
    polls = { lastPolledAt: 0, heldPolls: 0 };
    local.polls.set(userId, polls);
  }
  return polls;
}

/** The handlers {@link createDirectLineEndpoint} returns. */
export type DirectLineEndpoint = ReturnType<typeof createDirectLineEndpoint>;

function bearer(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new SocbotError(
      'UNAUTHORIZED',
      'Authorization: Bearer <token> is missing. Get a token from GET /webchat/token (the Web Chat page does this itself).',
      { reason: 'missing' },
    );
  }
  return match[1];
}

/** With WEBCHAT_SECRET set, only its holders get tokens; without it, the access policy decides. */
export function requireSecret(req: IncomingMessage, secret: string): void {
  if (secret === '') return;
  const header = req.headers.authorization ?? '';
  if (header === '') {
    throw new SocbotError(
      'UNAUTHORIZED',
      'WEBCHAT_SECRET is set, so tokens are issued only to requests with "Authorization: Bearer <WEBCHAT_SECRET>". ' +
        'Let your reverse proxy or portal add it after signing the analyst in (see docs/webchat.md).',
      { reason: 'missing' },
    );
  }
  if (!sameSecret(bearer(req), secret)) {
    throw new SocbotError('UNAUTHORIZED', 'The secret in the Authorization header is not WEBCHAT_SECRET.', {
      reason: 'secret',
    });
  }
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `{ user: { id, name } }` from a token request (Direct Line's shape), only from secret holders. */
export async function requestedUser(req: IncomingMessage): Promise<{ id?: string; name?: string }> {
  const body = await readBoundedBody(req, 4096);
  if (body.length === 0) return {};
  const parsed = parseJson(body);
  const user = (parsed as { user?: unknown } | null)?.user;
  if (typeof user !== 'object' || user === null) return {};
  const { id, name } = user as Record<string, unknown>;
  if (id !== undefined && (typeof id !== 'string' || !USER_ID_PATTERN.test(id))) {
    throw new SocbotError('INPUT_INVALID', 'user.id must be 1-128 letters, digits or . @ : - _');
  }
  return {
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof name === 'string' && name.trim() !== '' ? { name: name.trim().slice(0, 128) } : {}),
  };
}

/** Headers an SSO proxy sets on the token request, from the identity it signed the analyst in with. */
export const PROXY_USER_HEADER = 'x-socbot-user';
export const PROXY_USER_NAME_HEADER = 'x-socbot-user-name';

const USER_ID_PATTERN = /^[\w.@:-]{1,128}$/;
const MAX_USER_NAME_CHARS = 128;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * `X-Socbot-User` / `X-Socbot-User-Name` from a token request that carried WEBCHAT_SECRET: how the
 * documented SSO proxy hands over the analyst's identity for the page's own `GET /webchat/token`,
 * which has no body. They win over a body's `user`. The id follows the body's rule; the name is
 * up to 128 printable characters (UTF-8 is accepted though headers travel as Latin-1).
 */
export function proxiedUser(req: IncomingMessage): { id?: string; name?: string } {
  const id = headerText(req, PROXY_USER_HEADER);
  const name = headerText(req, PROXY_USER_NAME_HEADER)?.trim();
  if (id !== undefined && !USER_ID_PATTERN.test(id)) {
    throw new SocbotError(
      'INPUT_INVALID',
      'X-Socbot-User must be 1-128 letters, digits or . @ : - _ (set it from the SSO identity, e.g. the e-mail or UPN).',
    );
  }
  if (name !== undefined && (name.length > MAX_USER_NAME_CHARS || CONTROL_CHARACTERS.test(name))) {
    throw new SocbotError(
      'INPUT_INVALID',
      `X-Socbot-User-Name must be at most ${MAX_USER_NAME_CHARS} printable characters.`,
    );
  }
  return {
    ...(id !== undefined ? { id } : {}),
    ...(name !== undefined && name !== '' ? { name } : {}),
  };
}

/** A header's value, UTF-8 decoded when it is valid UTF-8; undefined when absent or empty. */
function headerText(req: IncomingMessage, name: string): string | undefined {
  const raw = req.headers[name];
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  if (value === undefined || value === '') return undefined;
  const utf8 = Buffer.from(value, 'latin1').toString('utf8');
  return utf8.includes('\uFFFD') ? value : utf8;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new SocbotError('INPUT_INVALID', 'The body is not JSON. Send one activity as a JSON object.');
  }
}

function tooManyPending(pending: number): string {
  return `This conversation already has ${pending} messages waiting for the bot. Wait for its answers, then send again.`;
}

/**
 * An activity still too large to keep once its text was cut (a card value of that size, which Web
 * Chat never sends): INPUT_TOO_LARGE (→ 413), nothing kept.
 */
function refuseUnkeepable(activity: Activity, maxBytes: number): void {
  const bytes = Buffer.byteLength(JSON.stringify(activity));
  if (bytes <= maxBytes) return;
  throw new SocbotError(
    'INPUT_TOO_LARGE',
    `The activity is too large to keep: ${bytes} bytes once its text was shortened, the limit is ${maxBytes} bytes. ` +
      'Send a smaller card value or fewer fields.',
    { maxBytes },
  );
}

/** `?watermark=` as Web Chat sends it: empty at first, then the number it was given. */
function watermarkOf(req: IncomingMessage): number {
  const raw = new URL(req.url ?? '/', 'http://localhost').searchParams.get('watermark') ?? '';
  if (raw === '') return 0;
  const watermark = Number(raw);
  if (!Number.isInteger(watermark) || watermark < 0) {
    throw new SocbotError(
      'INPUT_INVALID',
      `watermark must be a whole number from a previous answer, not "${raw}".`,
    );
  }
  return watermark;
}

function conversationGone(id: string): SocbotError {
  return new SocbotError(
    'INPUT_INVALID',
    `Conversation ${id} is not open here (it was never started, or idled out). Reload the page to start a new one.`,
    { reason: 'conversation-not-found' },
  );
}

function answerFailure(res: Response, error: SocbotError, logger: Logger): void {
  switch (error.code) {
    case 'UNAUTHORIZED':
      sendDirectLineError(res, 401, error.code, error.message);
      return;
    case 'FORBIDDEN':
      sendDirectLineError(res, 403, error.code, error.message);
      return;
    case 'INPUT_TOO_LARGE':
      sendDirectLineError(res, 413, error.code, error.message);
      return;
    case 'INPUT_INVALID':
      if (error.details.reason === 'conversation-not-found') {
        sendDirectLineError(res, 404, 'CONVERSATION_NOT_FOUND', error.message);
      } else {
        sendDirectLineError(res, 400, error.code, error.message);
      }
      return;
    default:
      logger.error({ err: error.cause ?? error }, 'direct line request failed');
      sendDirectLineError(
        res,
        500,
        'INTERNAL',
        'socbot could not handle this request; the error is in its log.',
      );
  }
}

/** socbot's `{ code, message }` error body, with the endpoint's own codes. */
function sendDirectLineError(
  res: Response,
  status: number,
  code: DirectLineErrorCode,
  message: string,
): void {
  if (res.headersSent) return;
  res.send(status, { code, message });
}
