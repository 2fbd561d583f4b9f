import type { Request, Response } from 'restify';
import { sendError } from './http-error';

const JSON_CONTENT_TYPE = /^application\/([\w.+-]*\+)?json\b/i;

/**
 * Refuses a body declared as anything but JSON (`application/json`, `application/*+json`) with 415
 * and returns true; a request without a Content-Type passes (the caller decides about that).
 *
 * @example
 *   if (refuseNonJson(req, res, 'the alert')) return;
 */
export function refuseNonJson(req: Request, res: Response, what: string): boolean {
  const contentType = req.headers['content-type'];
  if (contentType === undefined || JSON_CONTENT_TYPE.test(contentType)) return false;
  sendError(
    res,
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Type ${contentType} is not accepted. Send ${what} as application/json.`,
    {
      closeConnection: true,
    },
  );
  return true;
}
