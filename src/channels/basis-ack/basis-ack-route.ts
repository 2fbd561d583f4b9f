import type { Request, Response } from 'restify';
import { ACK_PATH, checkAckToken, DEFAULT_ACK_TTL_HOURS, describeAckLifetime } from '../../integrations';
import type { Logger } from '../../logger';
import { readBoundedBody } from '../read-bounded-body';
import type { RouteMount } from '../start-server';
import { ACK_PAGE_HEADERS, renderAckPage, type AckPage } from './ack-page';
import type { BasisAckDeps, BasisAckOptions } from './basis-ack-deps';
import { IpRateLimiter } from './ip-rate-limiter';

export { ACK_PATH };

/** Default requests per client IP per minute. */
export const DEFAULT_ACK_REQUESTS_PER_MINUTE = 30;

// A form POST carries an empty body; anything bigger is not a browser clicking the button.
const MAX_FORM_BYTES = 1024;
// socbot's refs are `SOC-2026-0001`; any printable value up to 64 characters is let through to
// the token check, so a link from a future ref format still works. It is escaped wherever shown.
const MAX_REF_CHARS = 64;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Who the audit trail names for a click on an acknowledge link (its holder, not a known user). */
const LINK_ACTOR = { id: 'basis-ack-link', name: 'Basis (acknowledge link)', role: 'basis' } as const;

/**
 * `GET` and `POST /api/basis/ack?ref=…&token=…`: the link in a Basis notice (e-mail, webhook card).
 * GET only shows a page with an "Acknowledge" button, because mail scanners and chat link
 * previews fetch every link they see; the button POSTs the same query, and only that POST
 * acknowledges (once: a second click says it was already done). Token: `checkAckToken` with
 * BASIS_ACK_SECRET; a link older than BASIS_ACK_TTL_HOURS (or from before links expired) answers
 * 410 with what to do instead, and that refusal is audited. Answers are small escaped HTML pages;
 * 429 past a light per-IP limit.
 *
 * @example
 *   startServer(config, { createBot, routes: [basisAckRoute(deps, {
 *     secret: config.integrations.basisAckSecret, ttlHours: config.integrations.basisAckTtlHours })] });
 */
export function basisAckRoute(deps: BasisAckDeps, options: BasisAckOptions): RouteMount {
  const secret = options.secret ?? '';
  const now = options.now ?? (() => new Date());
  const ttlHours = options.ttlHours ?? DEFAULT_ACK_TTL_HOURS;
  const limiter = new IpRateLimiter(options.maxRequestsPerMinute ?? DEFAULT_ACK_REQUESTS_PER_MINUTE, 60_000);

  return (server, context) => {
    const { logger } = context;
    if (secret === '')
      logger.warn('acknowledge links (/api/basis/ack) are off: set BASIS_ACK_SECRET to enable them');

    const handle = async (req: Request, res: Response): Promise<void> => {
      const ip = req.socket.remoteAddress ?? 'unknown';
      const limit = limiter.allow(ip, now().getTime());
      if (!limit.allowed) {
        res.setHeader('Retry-After', String(limit.retryAfterSeconds));
        sendPage(res, {
          status: 429,
          title: 'Too many requests',
          message: `Too many requests from your address. Wait ${limit.retryAfterSeconds} seconds and open the link again.`,
        });
        return;
      }
      if (context.isDraining()) {
        res.setHeader('Retry-After', '1');
        sendPage(res, {
          status: 503,
          title: 'Try again',
          message: 'socbot is restarting. Open the link again in a moment.',
        });
        return;
      }
      // Counted from request to answer, so a graceful stop waits for an acknowledgement being recorded.
      const done = context.beginTurn();
      try {
        await answerLink(req, res, ip);
      } finally {
        done();
      }
    };

    const answerLink = async (req: Request, res: Response, ip: string): Promise<void> => {
      if (secret === '') {
        sendPage(res, {
          status: 503,
          title: 'Acknowledge links are off',
          message:
            'This socbot has no BASIS_ACK_SECRET, so it cannot check acknowledge links. Ask the SOC to set BASIS_ACK_SECRET, or acknowledge in Teams.',
        });
        return;
      }
      if (req.method === 'POST') {
        try {
          await readBoundedBody(req, MAX_FORM_BYTES);
        } catch {
          res.setHeader('Connection', 'close');
          sendPage(res, {
            status: 413,
            title: 'Request too large',
            message: 'Use the Acknowledge button on the page.',
          });
          return;
        }
      }

      const query = new URL(req.url ?? '/', 'http://socbot.invalid').searchParams;
      const ref = query.get('ref') ?? '';
      const token = query.get('token') ?? '';
      if (ref === '' || token === '' || ref.length > MAX_REF_CHARS || CONTROL_CHARACTERS.test(ref)) {
        sendPage(res, {
          status: 400,
          title: 'Incomplete link',
          message:
            'This acknowledge link is incomplete: it needs ref and token. Open the whole link from the notice (some mail clients cut long links).',
        });
        return;
      }
      const check = checkAckToken(ref, token, secret, { now: now(), ttlHours });
      if (check === 'expired') {
        // Audited: the link was genuine, so this is the Basis team trying to act on an alert.
        await auditSafely(deps, logger, {
          actor: LINK_ACTOR,
          action: 'refusal',
          summary: `acknowledge ${ref} by link`,
          result: 'expired link',
          alertRef: ref,
          details: { via: 'link', ip, ttlHours },
        });
        logger.info({ ref, remoteAddress: ip }, 'acknowledge link refused: expired');
        sendPage(res, {
          status: 410,
          title: 'Link expired',
          message: `This acknowledge link has expired: links work for ${describeAckLifetime(ttlHours)} after the notice was sent. Acknowledge in Teams (the button on the notice card, or in chat), or ask the SOC to record the acknowledgement of ${ref}.`,
        });
        return;
      }
      if (check === 'invalid') {
        // Logged, not audited: anyone can send a made-up token (see README).
        logger.warn({ remoteAddress: ip }, 'acknowledge link refused: token does not match');
        sendPage(res, {
          status: 401,
          title: 'Link not valid',
          message:
            'This acknowledge link is not valid: it was changed, cut off, or made by another socbot installation. Open the link from the notice again, or acknowledge in Teams.',
        });
        return;
      }

      if (req.method === 'GET') {
        sendPage(res, {
          status: 200,
          title: `Acknowledge ${ref}?`,
          message: `Confirm that the SAP Basis team has taken alert ${ref} in hand. The SOC analyst will be told.`,
          confirm: { ref, token },
        });
        return;
      }
      await acknowledge(deps, logger, res, ref, ip);
    };

    server.get(ACK_PATH, handle);
    server.post(ACK_PATH, handle);
  };
}

async function acknowledge(
  deps: BasisAckDeps,
  logger: Logger,
  res: Response,
  ref: string,
  ip: string,
): Promise<void> {
  let outcome: Awaited<ReturnType<BasisAckDeps['acknowledge']>>;
  try {
    outcome = await deps.acknowledge(ref, { via: 'link', ip });
  } catch (error) {
    logger.error({ err: error, ref }, 'acknowledgement could not be recorded');
    res.setHeader('Retry-After', '5');
    sendPage(res, {
      status: 503,
      title: 'Not recorded yet',
      message: `socbot could not record the acknowledgement of ${ref} just now. Press the button again in a moment.`,
    });
    return;
  }
  await auditSafely(deps, logger, {
    actor: LINK_ACTOR,
    action: outcome.status === 'not-found' ? 'refusal' : 'acknowledgement',
    summary: `acknowledge ${ref} by link`,
    result: outcome.status,
    alertRef: ref,
    details: { via: 'link', ip },
  });
  logger.info({ ref, outcome: outcome.status }, 'acknowledge link used');
  switch (outcome.status) {
    case 'acknowledged':
      sendPage(res, {
        status: 200,
        title: 'Acknowledged',
        message: `Acknowledged ${ref}, the SOC analyst has been told.`,
      });
      return;
    case 'already-acknowledged':
      sendPage(res, {
        status: 200,
        title: 'Already acknowledged',
        message: `${ref} was already acknowledged; the SOC analyst knows. Nothing else to do.`,
      });
      return;
    case 'not-found':
      sendPage(res, {
        status: 404,
        title: 'Alert not found',
        message: `socbot has no alert ${ref}. The notice may come from another socbot installation; tell the SOC.`,
      });
      return;
  }
}

/** An audit failure is logged; the acknowledgement itself was recorded. */
async function auditSafely(
  deps: BasisAckDeps,
  logger: Logger,
  entry: Parameters<BasisAckDeps['audit']>[0],
): Promise<void> {
  try {
    await deps.audit(entry);
  } catch (error) {
    logger.error({ err: error, summary: entry.summary }, 'audit entry could not be written');
  }
}

function sendPage(res: Response, page: AckPage): void {
  if (res.headersSent) return;
  const body = Buffer.from(renderAckPage(page), 'utf8');
  res.writeHead(page.status, { ...ACK_PAGE_HEADERS, 'Content-Length': body.length });
  res.end(body);
}
