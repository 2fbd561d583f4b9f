import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HttpErrorCode } from '../channels/http-error';
import { isLoopbackAddress } from '../channels/webchat/access-policy';

/** Why a scrape was refused, as an HTTP answer. */
export interface MetricsRefusal {
  status: 401 | 403;
  code: HttpErrorCode;
  message: string;
}

const LOOPBACK_HOST_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Who may read GET /metrics:
 * - with METRICS_TOKEN: whoever sends `Authorization: Bearer <METRICS_TOKEN>` (compared in
 *   constant time), from anywhere: Prometheus usually scrapes from another host;
 * - without it: clients on this machine only, under a loopback Host name (the rule of the other
 *   local-only endpoints, /api/messages without MicrosoftAppId and Web Chat without
 *   WEBCHAT_SECRET), so a web page that rebinds its DNS name to 127.0.0.1 cannot read it from an
 *   analyst's browser. The metrics hold no conversation, alert or user, but they do tell how busy
 *   the SOC is and which providers fail: not for everyone who reaches the port.
 *
 * @example
 *   const refusal = metricsAccess(config.metrics.token)(req);
 *   if (refusal) return sendError(res, refusal.status, refusal.code, refusal.message);
 */
export function metricsAccess(token: string): (req: IncomingMessage) => MetricsRefusal | undefined {
  if (token !== '') {
    const expected = Buffer.from(token);
    return (req) => {
      const given = Buffer.from(bearerOf(req.headers.authorization));
      if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
      return {
        status: 401,
        code: 'UNAUTHORIZED',
        message:
          'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>". Configure the scraper with the token ' +
          '(Prometheus: authorization.credentials_file), or ask the operator for it.',
      };
    };
  }
  return (req) => {
    if (
      isLoopbackAddress(req.socket.remoteAddress) &&
      LOOPBACK_HOST_NAMES.has(hostName(req.headers.host ?? ''))
    )
      return undefined;
    return {
      status: 403,
      code: 'FORBIDDEN',
      message:
        'GET /metrics answers only clients on this machine (under localhost or 127.0.0.1) because METRICS_TOKEN ' +
        'is not set. Set METRICS_TOKEN (at least 16 random characters) and send it as "Authorization: Bearer <token>" ' +
        'to scrape from another host.',
    };
  };
}

/** The token of `Bearer <token>`; '' when the header is missing or of another scheme. */
function bearerOf(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? '';
}

/** `127.0.0.1:3978` → `127.0.0.1`, `[::1]:3978` → `[::1]`. */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.indexOf(':');
  return colon < 0 ? lower : lower.slice(0, colon);
}
