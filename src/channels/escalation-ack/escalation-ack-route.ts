import type { Request, Response } from 'restify';
import { describeAckLifetime } from '../../integrations/ack-token';
import { checkEscalationAckToken, ESCALATION_ACK_PATH } from '../../integrations/escalation-ack-token';
import type { Logger } from '../../logger';
import { ACK_PAGE_HEADERS, renderAckPage, type AckPage } from '../basis-ack/ack-page';
import { IpRateLimiter } from '../basis-ack/ip-rate-limiter';
import { readBoundedBody } from '../read-bounded-body';
import type { RouteMount } from '../start-server';
import type { EscalationAckDeps, EscalationAckOptions } from './escalation-ack-deps';

export { ESCALATION_ACK_PATH };

const DEFAULT_REQUESTS_PER_MINUTE = 30;
const MAX_FORM_BYTES = 1024;
const MAX_REF_CHARS = 64;
/** A recipient tag: 8 base64url characters (recipientTag). */
const TAG = /^[A-Za-z0-9_-]{8}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** Who the audit trail names for a refused escalation link (its holder, not a known user). */
const LINK_ACTOR = { id: 'escalation-ack-link', name: 'escalation acknowledge link' } as const;

/**
 * `GET` and `POST /api/escalation/ack?ref=…&r=…&token=…`: the link in an escalation notice (SMS,
 * e-mail, webhook or Teams card to the SOC leads or executives). Like the Basis link: GET only
 * shows a page with a button (scanners and link previews fetch links), the button's POST
 * acknowledges, once. Who may: the holder of a link whose token (BASIS_ACK_SECRET, purpose
 * `escalation.ack`, this alert, this recipient, BASIS_ACK_TTL_HOURS) is valid AND whose recipient
 * is configured now (LEADS_NOTIFY/EXEC_NOTIFY); anything else acknowledges nothing. Expired links
 * and links of recipients no longer configured are audited as refusals; the acknowledgement itself
 * is audited by the escalation with the recipient's name.
 *
 * @example
 *   startServer(config, { createBot, routes: [escalationAckRoute(deps, { secret, ttlHours: 72 })] });
 */
export function escalationAckRoute(deps: EscalationAckDeps, options: EscalationAckOptions): RouteMount {
  const now = options.now ?? (() => new Date());
  const limiter = new IpRateLimiter(options.maxRequestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE, 60_000);

  return (server, context) => {
    const { logger } = context;

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
      const done = context.beginTurn();
      try {
        await answerLink(req, res, ip);
      } finally {
        done();
      }
    };

    const answerLink = async (req: Request, res: Response, ip: string): Promise<void> => {
      if (options.secret === '') {
        sendPage(res, {
          status: 503,
          title: 'Acknowledge links are off',
          message:
            'This socbot has no BASIS_ACK_SECRET, so it cannot check acknowledge links. Call the SOC to acknowledge.',
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
      const tag = query.get('r') ?? '';
      const token = query.get('token') ?? '';
      if (
        ref === '' ||
        token === '' ||
        !TAG.test(tag) ||
        ref.length > MAX_REF_CHARS ||
        CONTROL_CHARACTERS.test(ref)
      ) {
        sendPage(res, {
          status: 400,
          title: 'Incomplete link',
          message:
            'This acknowledge link is incomplete: it needs ref, r and token. Open the whole link from the message (some clients cut long links).',
        });
        return;
      }
      const check = checkEscalationAckToken(ref, tag, token, options.secret, {
        now: now(),
        ttlHours: options.ttlHours,
      });
      if (check === 'invalid') {
        // Logged, not audited: anyone can make up a token.
        logger.warn({ remoteAddress: ip }, 'escalation acknowledge link refused: token does not match');
        sendPage(res, {
          status: 401,
          title: 'Link not valid',
          message:
            'This acknowledge link is not valid: it was changed, cut off, or made by another socbot installation. Open the link from the message again, or call the SOC.',
        });
        return;
      }
      if (check === 'expired') {
        await auditSafely(deps, logger, {
          actor: LINK_ACTOR,
          action: 'refusal',
          summary: `acknowledge the escalation of ${ref} by link`,
          result: 'expired link',
          alertRef: ref,
          details: { via: 'link', ip, ttlHours: options.ttlHours },
        });
        sendPage(res, {
          status: 410,
          title: 'Link expired',
          message: `This acknowledge link has expired: links work for ${describeAckLifetime(options.ttlHours)}. Call the SOC to acknowledge ${ref}.`,
        });
        return;
      }
      // Genuine, but is its recipient still one who may acknowledge? (Checked before any question.)
      const recipient = deps.recipientOfTag(tag);
      if (!recipient) {
        await auditSafely(deps, logger, {
          actor: LINK_ACTOR,
          action: 'refusal',
          summary: `acknowledge the escalation of ${ref} by link`,
          result: 'recipient no longer configured',
          alertRef: ref,
          details: { via: 'link', ip, recipientTag: tag },
        });
        sendPage(res, {
          status: 403,
          title: 'Not allowed',
          message: `This link was sent to a recipient who is no longer among socbot's escalation recipients, so it cannot acknowledge ${ref}. Call the SOC.`,
        });
        return;
      }
      if (req.method === 'GET') {
        sendPage(res, {
          status: 200,
          title: `Acknowledge ${ref}?`,
          message: `Confirm that you have seen alert ${ref} and that it is being handled. This stops its escalation.`,
          confirm: { ref, r: tag, token },
        });
        return;
      }
      let answer: Awaited<ReturnType<EscalationAckDeps['acknowledge']>>;
      try {
        answer = await deps.acknowledge(ref, recipient, { ip });
      } catch (error) {
        logger.error({ err: error, ref }, 'escalation acknowledgement could not be recorded');
        res.setHeader('Retry-After', '5');
        sendPage(res, {
          status: 503,
          title: 'Not recorded yet',
          message: `socbot could not record the acknowledgement of ${ref} just now. Press the button again in a moment.`,
        });
        return;
      }
      logger.info({ ref, outcome: answer.status }, 'escalation acknowledge link used');
      switch (answer.status) {
        case 'acknowledged':
          sendPage(res, {
            status: 200,
            title: 'Acknowledged',
            message: `Acknowledged ${ref}: its escalation stops here.`,
          });
          return;
        case 'already-acknowledged':
          sendPage(res, {
            status: 200,
            title: 'Already acknowledged',
            message: `${ref} was already acknowledged (${answer.by}); its escalation had stopped. Nothing else to do.`,
          });
          return;
        case 'not-found':
          sendPage(res, {
            status: 404,
            title: 'Alert not found',
            message: `socbot has no alert ${ref}. The message may come from another socbot installation; call the SOC.`,
          });
          return;
      }
    };

    server.get(ESCALATION_ACK_PATH, handle);
    server.post(ESCALATION_ACK_PATH, handle);
  };
}

async function auditSafely(
  deps: EscalationAckDeps,
  logger: Logger,
  entry: Parameters<EscalationAckDeps['audit']>[0],
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
