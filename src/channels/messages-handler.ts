import type { Request, Response } from 'restify';
import { conversationMemoryKey } from '../conversation/conversation-memory-store';
import { asSocbotError, type SocbotError } from '../errors';
import type { Logger } from '../logger';
import { authenticateRequest } from './authenticate-request';
import type { BotAuthentication } from './bot-authentication';
import type { ConversationQueue } from './conversation-queue';
import { sendError } from './http-error';
import { parseActivity } from './parse-activity';
import { readBoundedBody } from './read-bounded-body';
import type { SdkConsole } from './sdk-console';
import { noteConversation } from './request-log';
import type { SocBot } from './socbot';
import type { SocbotAdapter } from './socbot-adapter';
import type { TurnTracker } from './turn-tracker';
import { isLoopbackAddress } from './webchat/access-policy';
import { refuseNonJson } from './require-json';

/** What the /api/messages handler works with. */
export interface MessagesHandlerDeps {
  adapter: SocbotAdapter;
  authentication: BotAuthentication;
  /** True when MicrosoftAppId is set: requests without a token are refused before their body is read. */
  authenticationRequired: boolean;
  authTimeoutMs: number;
  /** Where the SDK's console output during token checks goes (the log, rate-limited). */
  sdkConsole: SdkConsole;
  bot: SocBot;
  logger: Logger;
  maxBodyBytes: number;
  queue: ConversationQueue;
  turns: TurnTracker;
  isDraining: () => boolean;
}

/**
 * `POST /api/messages`: size limit → JSON activity → authentication → one bot turn, answering
 * 413 / 400 / 401 with a coded JSON error when a step refuses, 503 while shutting down or when
 * the conversation's earlier turns (on any replica) held it past the turn lock's limit. With
 * authentication off (no MicrosoftAppId) only this machine may post: 403 for another peer address,
 * a Host header that is not localhost / 127.0.0.1 / [::1], or a missing Content-Type.
 *
 * @example
 *   server.post('/api/messages', createMessagesHandler(deps));
 */
export function createMessagesHandler(deps: MessagesHandlerDeps) {
  // restify 11 accepts async handlers only with the (req, res) signature.
  return async (req: Request, res: Response): Promise<void> => {
    if (deps.isDraining()) {
      res.setHeader('Retry-After', '1');
      sendError(res, 503, 'UNAVAILABLE', 'socbot is shutting down. Retry in a moment.', {
        closeConnection: true,
      });
      return;
    }
    const done = deps.turns.begin();
    try {
      if (!deps.authenticationRequired) {
        const refusal = refuseUnauthenticatedCaller(req);
        if (refusal) {
          deps.logger.warn(
            { reason: refusal, remoteAddress: req.socket.remoteAddress },
            'request refused: authentication is off and it does not come from this machine',
          );
          sendError(
            res,
            403,
            'FORBIDDEN',
            `${LOCAL_ONLY_REASONS[refusal]} Without MicrosoftAppId socbot accepts activities only from this machine, ` +
              'under the host name localhost, 127.0.0.1 or [::1], sent as Content-Type: application/json. ' +
              'Set MicrosoftAppId and MicrosoftAppPassword to accept Bot Framework traffic from other hosts.',
            { closeConnection: true },
          );
          return;
        }
      }
      if (refuseNonJson(req, res, 'the activity')) return;
      const authHeader = req.headers.authorization ?? '';
      if (deps.authenticationRequired && authHeader === '') {
        sendError(
          res,
          401,
          'UNAUTHORIZED',
          'The Authorization header is missing. Bot Framework channels send a bearer token; unset MicrosoftAppId for a local bot without authentication.',
          { closeConnection: true },
        );
        return;
      }
      const body = await readBoundedBody(req, deps.maxBodyBytes, 'SOCBOT_MAX_BODY_BYTES');
      const activity = parseActivity(body.toString('utf8'));
      const conversationId = activity.conversation.id;
      noteConversation(req, conversationId);
      const authenticated = await authenticateRequest(
        deps.authentication,
        activity,
        authHeader,
        deps.authTimeoutMs,
        deps.sdkConsole,
      );
      const invokeResponse = await deps.queue.run(
        conversationId,
        () => deps.adapter.runTurn(authenticated, activity, (context) => deps.bot.run(context)),
        { stateKeys: [conversationMemoryKey(activity.channelId, conversationId)] },
      );
      if (invokeResponse) {
        res.send(invokeResponse.status, invokeResponse.body);
      } else {
        res.status(200);
        res.end();
      }
    } catch (error) {
      answerFailure(res, asSocbotError(error), deps.logger);
    } finally {
      done();
    }
  };
}

/** Why an unauthenticated request was refused, for the log and the answer. */
type LocalOnlyRefusal = 'remote-address' | 'host' | 'content-type';

const LOCAL_ONLY_REASONS: Record<LocalOnlyRefusal, string> = {
  'remote-address': 'This request comes from another machine.',
  host: 'This request names a host that is not this machine (Host header).',
  'content-type': 'This request has no Content-Type.',
};

const LOOPBACK_HOST_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * With authentication off, `from.id`, `aadObjectId` and `serviceUrl` are whatever the caller wrote,
 * so only a process on this machine may post: a loopback peer, under a loopback Host name (a web page
 * that rebinds its DNS name to 127.0.0.1 still sends its own name), with a JSON Content-Type (a
 * browser sends a cross-origin request without a CORS preflight only with a "simple" type, or none).
 */
function refuseUnauthenticatedCaller(req: Request): LocalOnlyRefusal | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return 'remote-address';
  if (!LOOPBACK_HOST_NAMES.has(hostName(req.headers.host ?? ''))) return 'host';
  if (req.headers['content-type'] === undefined) return 'content-type';
  return undefined;
}

/** `127.0.0.1:3978` → `127.0.0.1`, `[::1]:3978` → `[::1]`, `LocalHost.` stays unmatched. */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    if (end < 0) return '';
    const rest = lower.slice(end + 1);
    return rest === '' || /^:\d+$/.test(rest) ? lower.slice(0, end + 1) : '';
  }
  const match = /^([^:]*)(?::\d+)?$/.exec(lower);
  return match?.[1] ?? '';
}

function answerFailure(res: Response, error: SocbotError, logger: Logger): void {
  switch (error.code) {
    case 'INPUT_TOO_LARGE':
      sendError(res, 413, error.code, error.message, { closeConnection: true });
      return;
    case 'INPUT_INVALID':
      sendError(res, 400, error.code, error.message);
      return;
    case 'UNAUTHORIZED':
      logger.warn({ reason: error.details.reason }, 'request not authenticated');
      sendError(res, 401, error.code, error.message);
      return;
    case 'CONVERSATION_BUSY':
      // The turns before it in its conversation (on any replica) took too long: the channel may retry.
      logger.warn({ ...error.details }, 'a turn gave up waiting for its conversation');
      res.setHeader('Retry-After', '1');
      sendError(res, 503, error.code, error.message);
      return;
    default:
      logger.error({ err: error.cause ?? error }, 'request failed');
      sendError(res, 500, 'INTERNAL', 'socbot could not handle this activity; the error is in its log.');
  }
}
