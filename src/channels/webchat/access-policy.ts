import type { IncomingMessage } from 'node:http';
import type { WebChatConfig } from './webchat-config';

/** Why a request was refused, as an HTTP answer. */
export interface AccessRefusal {
  status: 403;
  message: string;
}

const LOOPBACK_HOST_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Who may load the Web Chat page and use its Direct Line endpoint:
 * - with WEBCHAT_SECRET: everyone who reaches the port, since every Direct Line call needs a token
 *   and tokens are issued only to holders of the secret;
 * - without it and with WEBCHAT_ALLOW_REMOTE=true: everyone (the operator chose so);
 * - otherwise: loopback clients only, and only under a loopback Host name, so a web page that
 *   rebinds its DNS name to 127.0.0.1 cannot talk to the bot from the analyst's browser.
 *
 * @example
 *   const refusal = webChatAccess(config)(req);
 *   if (refusal) return sendError(res, refusal.status, 'FORBIDDEN', refusal.message);
 */
export function webChatAccess(config: WebChatConfig): (req: IncomingMessage) => AccessRefusal | undefined {
  if (config.secret !== '' || config.allowRemote) return () => undefined;
  return (req) => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      return {
        status: 403,
        message:
          'socbot Web Chat answers only clients on this machine because WEBCHAT_SECRET is not set. ' +
          'Set WEBCHAT_SECRET and issue tokens through GET /webchat/token (see docs/webchat.md), ' +
          'or set WEBCHAT_ALLOW_REMOTE=true to let everyone who reaches this port chat with the bot.',
      };
    }
    if (!LOOPBACK_HOST_NAMES.has(hostName(req.headers.host ?? ''))) {
      return {
        status: 403,
        message:
          'socbot Web Chat without WEBCHAT_SECRET is served under localhost or 127.0.0.1 only. ' +
          'Open http://127.0.0.1:<port>/webchat, or set WEBCHAT_SECRET to serve it under another name.',
      };
    }
    return undefined;
  };
}

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** `127.0.0.1:3978` → `127.0.0.1`, `[::1]:3978` → `[::1]`. */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.indexOf(':');
  return colon < 0 ? lower : lower.slice(0, colon);
}
