import type { Response } from 'restify';
import type { ErrorCode } from '../errors';

/** Codes of HTTP error bodies: the coded errors plus the routing ones that exist only over HTTP. */
export type HttpErrorCode =
  ErrorCode | 'NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'UNSUPPORTED_MEDIA_TYPE' | 'UNAVAILABLE';

/** The body of every error response: a code to branch on and a message that says how to fix it. */
export interface HttpErrorBody {
  code: HttpErrorCode;
  message: string;
}

/**
 * Answers with a JSON error body. `closeConnection` asks the client not to reuse the socket, for
 * answers given before the request body was read (the rest of the body is not worth reading).
 *
 * @example
 *   sendError(res, 400, 'INPUT_INVALID', 'The body is not JSON. Send a Bot Framework activity.');
 */
export function sendError(
  res: Response,
  status: number,
  code: HttpErrorCode,
  message: string,
  options: { closeConnection?: boolean } = {},
): void {
  if (res.headersSent) return;
  if (options.closeConnection) res.setHeader('Connection', 'close');
  const body: HttpErrorBody = { code, message };
  res.send(status, body);
}
