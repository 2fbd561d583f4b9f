import type { Request, Response } from 'restify';
import { asSocbotError, type SocbotError } from '../errors';
import type { Logger } from '../logger';
import { authenticateRequest } from './authenticate-request';
import type { BotAuthentication } from './bot-authentication';
import type { ConversationQueue } from './conversation-queue';
import { sendError } from './http-error';
import { parseActivity } from './parse-activity';
import { readBoundedBody } from './read-bounded-body';
import { noteConversation } from './request-log';
import type { SocBot } from './socbot';
import type { SocbotAdapter } from './socbot-adapter';
import type { TurnTracker } from './turn-tracker';

/** What the /api/messages handler works with. */
export interface MessagesHandlerDeps {
  adapter: SocbotAdapter;
  authentication: BotAuthentication;
  /** True when MicrosoftAppId is set: requests without a token are refused before their body is read. */
  authenticationRequired: boolean;
  authTimeoutMs: number;
  bot: SocBot;
  logger: Logger;
  maxBodyBytes: number;
  queue: ConversationQueue;
  turns: TurnTracker;
  isDraining: () => boolean;
}

/**
 * `POST /api/messages`: size limit → JSON activity → authentication → one bot turn, answering
 * 413 / 400 / 401 with a coded JSON error when a step refuses, 503 while shutting down.
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
      const contentType = req.headers['content-type'];
      if (contentType !== undefined && !/^application\/([\w.+-]*\+)?json\b/i.test(contentType)) {
        sendError(
          res,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type ${contentType} is not accepted. Send the activity as application/json.`,
          { closeConnection: true },
        );
        return;
      }
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
      const body = await readBoundedBody(req, deps.maxBodyBytes);
      const activity = parseActivity(body.toString('utf8'));
      const conversationId = activity.conversation.id;
      noteConversation(req, conversationId);
      const authenticated = await authenticateRequest(
        deps.authentication,
        activity,
        authHeader,
        deps.authTimeoutMs,
      );
      const invokeResponse = await deps.queue.run(conversationId, () =>
        deps.adapter.runTurn(authenticated, activity, (context) => deps.bot.run(context)),
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
    default:
      logger.error({ err: error.cause ?? error }, 'request failed');
      sendError(res, 500, 'INTERNAL', 'socbot could not handle this activity; the error is in its log.');
  }
}
