import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'restify';
import type { Logger } from '../logger';

const conversationIds = new WeakMap<IncomingMessage, string>();
const quietRequests = new WeakSet<IncomingMessage>();

/** Records which conversation a request belongs to, for its log line. */
export function noteConversation(req: IncomingMessage, conversationId: string): void {
  conversationIds.set(req, conversationId);
}

/**
 * Marks a routine, frequent request (a Web Chat poll): logged at debug when it succeeds, so open
 * pages do not fill the log; a failed one is logged like any other.
 */
export function noteQuietRequest(req: IncomingMessage): void {
  quietRequests.add(req);
}

/**
 * restify `pre` handler that writes one JSON log line per request once it ends: method, path,
 * status, duration and conversation id; at error for 5xx, at debug for a quiet request (see
 * {@link noteQuietRequest}) that succeeded, at info otherwise. Headers and bodies are never logged
 * (they carry the Authorization token and the analysts' messages).
 *
 * @example
 *   server.pre(logEachRequest(logger));
 */
export function logEachRequest(logger: Logger) {
  return (req: Request, res: Response, next: () => void): void => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        conversationId: conversationIds.get(req),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (res.statusCode >= 500) logger.error(line, 'request');
      else if (quietRequests.has(req) && res.statusCode < 400 && res.writableFinished)
        logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
