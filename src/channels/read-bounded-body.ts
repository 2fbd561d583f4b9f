import type { IncomingMessage } from 'node:http';
import { SocbotError } from '../errors';

/**
 * Reads a request body of at most `maxBytes`. The declared Content-Length is checked before a byte
 * is read, and the streamed size as it arrives (a chunked or lying client is stopped as soon as it
 * passes the limit), so a huge body costs neither memory nor time.
 *
 * Throws INPUT_TOO_LARGE (→ 413) past the limit, naming `setting` (the variable that sets the limit,
 * if one does), and INPUT_INVALID when the client goes away.
 *
 * @example
 *   const body = await readBoundedBody(req, 256 * 1024, 'SOCBOT_MAX_BODY_BYTES');
 */
export function readBoundedBody(req: IncomingMessage, maxBytes: number, setting?: string): Promise<Buffer> {
  const tooLarge = (what: string): SocbotError =>
    new SocbotError(
      'INPUT_TOO_LARGE',
      `The request body is too large: ${what}, the limit is ${maxBytes} bytes${setting ? ` (${setting})` : ''}. Send a smaller activity.`,
      { maxBytes },
    );
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(tooLarge(`Content-Length is ${declared} bytes`));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanUp = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop buffering; Node discards the rest while the 413 goes out with Connection: close.
        cleanUp();
        chunks.length = 0;
        reject(tooLarge(`the body passed ${maxBytes} bytes while streaming`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanUp();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanUp();
      reject(new SocbotError('INPUT_INVALID', `The request body could not be read: ${error.message}.`));
    };
    const onAborted = (): void => onError(new Error('the client closed the connection'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
