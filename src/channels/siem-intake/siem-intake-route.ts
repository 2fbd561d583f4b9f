import type { Request, Response } from 'restify';
import { isSocbotError } from '../../errors';
import type { Logger } from '../../logger';
import { sendError } from '../http-error';
import { readBoundedBody } from '../read-bounded-body';
import type { RouteMount } from '../start-server';
import { ReplayGuard } from './replay-guard';
import { siemAlertCard, siemAlertText } from './siem-alert-card';
import { parseSiemAlert } from './siem-alert-schema';
import type {
  RegisteredSiemAlert,
  SiemAlertFacts,
  SiemIntakeDeps,
  SiemIntakeOptions,
} from './siem-intake-deps';
import { checkSignatureHeaders, checkSiemSignature, DEFAULT_MAX_SKEW_SECONDS } from './siem-signature';
import { refuseNonJson } from '../require-json';

/** Path of the SIEM intake. */
export const SIEM_INTAKE_PATH = '/api/alerts';

/** Default largest SIEM delivery: an alert with a long pattern text fits many times over. */
export const DEFAULT_SIEM_MAX_BODY_BYTES = 64 * 1024;

/** Who the audit trail names for a SIEM delivery. */
const SIEM_ACTOR = { id: 'system', name: 'siem' } as const;

/** What a SIEM gets back: `registered` (202, new) or `duplicate` (200, the ref registered before). */
export interface SiemIntakeAnswer {
  ref: string;
  status: 'registered' | 'duplicate';
}

/**
 * `POST /api/alerts`: a SIEM (SAP ETD, Splunk, anything that POSTs JSON) reports a triggered alert.
 * Signature headers (before the body is read) → bounded body → HMAC → JSON and schema → register
 * once per SIEM alert ID → card queued for the SOC → 202 `{ ref, status: 'registered' }`.
 * A retry of the same alert answers 200 with the same ref. See README.md for the signing scheme.
 *
 * @example
 *   startServer(config, { createBot, routes: [siemIntakeRoute(deps, { secret: config.siem.secret })] });
 */
export function siemIntakeRoute(deps: SiemIntakeDeps, options: SiemIntakeOptions): RouteMount {
  const secret = options.secret ?? '';
  const maxSkewSeconds = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_SIEM_MAX_BODY_BYTES;
  const now = options.now ?? (() => new Date());
  // A signature stays acceptable for maxSkew either side of its timestamp: remember it that long.
  const rememberMs = 2 * maxSkewSeconds * 1000;
  const replays = deps.replayGuard?.(rememberMs) ?? new ReplayGuard<RegisteredSiemAlert>(rememberMs);

  return (server, context) => {
    const { logger } = context;
    // Its length was checked once, with every other secret, when the configuration was loaded.
    if (secret === '')
      logger.warn('SIEM intake (POST /api/alerts) is off: set SIEM_WEBHOOK_SECRET to enable it');

    server.post(SIEM_INTAKE_PATH, async (req: Request, res: Response): Promise<void> => {
      if (context.isDraining()) {
        res.setHeader('Retry-After', '1');
        sendError(res, 503, 'UNAVAILABLE', 'socbot is shutting down. Retry in a moment.', {
          closeConnection: true,
        });
        return;
      }
      // Counted from request to answer, so a graceful stop waits for a delivery it is writing.
      const done = context.beginTurn();
      try {
        await receiveDelivery(req, res);
      } finally {
        done();
      }
    });

    const receiveDelivery = async (req: Request, res: Response): Promise<void> => {
      if (secret === '') {
        // Never open: without a secret nobody can be told apart from an attacker.
        sendError(
          res,
          503,
          'UNAVAILABLE',
          'The SIEM intake is not configured: set SIEM_WEBHOOK_SECRET to enable the intake (at least 16 random characters, e.g. `openssl rand -hex 32`), and sign deliveries with it.',
          { closeConnection: true },
        );
        return;
      }
      if (refuseNonJson(req, res, 'the alert')) return;
      const timestamp = headerValue(req, 'x-socbot-timestamp');
      const signature = headerValue(req, 'x-socbot-signature');
      const signedAt = now();
      const headers = checkSignatureHeaders({ timestamp, signature, maxSkewSeconds, now: signedAt });
      if (!headers.ok) {
        refuseUnauthenticated(logger, req, headers.refusal);
        sendError(res, 401, 'UNAUTHORIZED', headers.message, { closeConnection: true });
        return;
      }

      let rawBody: Buffer;
      try {
        rawBody = await readBoundedBody(req, maxBodyBytes);
      } catch (error) {
        if (isSocbotError(error, 'INPUT_TOO_LARGE')) {
          sendError(
            res,
            413,
            'INPUT_TOO_LARGE',
            `The alert is larger than ${maxBodyBytes} bytes. Send one alert per request and leave out raw event data.`,
            { closeConnection: true },
          );
        } else {
          sendError(res, 400, 'INPUT_INVALID', 'The request body could not be read. Send it again.');
        }
        return;
      }

      const signed = checkSiemSignature({
        secret,
        rawBody,
        timestamp,
        signature,
        maxSkewSeconds,
        now: signedAt,
      });
      if (!signed.ok) {
        refuseUnauthenticated(logger, req, signed.refusal);
        sendError(res, 401, 'UNAUTHORIZED', signed.message);
        return;
      }

      const alert = parseBody(rawBody);
      if (!alert.ok) {
        await auditSafely(deps, logger, {
          actor: SIEM_ACTOR,
          action: 'refusal',
          summary: 'SIEM alert refused',
          result: `invalid field ${alert.field}`,
          details: { field: alert.field, status: 400 },
        });
        sendError(res, 400, 'INPUT_INVALID', alert.message);
        return;
      }

      // `signature` is a verified HMAC over timestamp and body: the same value means the same bytes.
      try {
        const { result: registered, replayed } = await replays.once(
          signature ?? '',
          () => registerAndPost(deps, logger, alert.facts),
          signedAt.getTime(),
        );
        if (replayed) {
          logger.warn(
            { ref: registered.ref, alertId: alert.facts.alertId },
            "SIEM delivery replayed (same signature within the window): answered with the first delivery's ref",
          );
        }
        const answer: SiemIntakeAnswer = {
          ref: registered.ref,
          status: registered.created && !replayed ? 'registered' : 'duplicate',
        };
        res.send(answer.status === 'registered' ? 202 : 200, answer);
      } catch (error) {
        logger.error(
          { err: error, alertId: alert.facts.alertId, source: alert.facts.source },
          'SIEM alert could not be registered',
        );
        res.setHeader('Retry-After', '5');
        sendError(
          res,
          503,
          'UNAVAILABLE',
          'socbot could not register the alert just now; nothing was lost. Send it again (same alertId): it will be registered once.',
        );
      }
    };
  };
}

/** The parsed alert, or a 400 message that names the field. */
function parseBody(
  rawBody: Buffer,
): { ok: true; facts: SiemAlertFacts } | { ok: false; field: string; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, field: '(body)', message: 'The body is not JSON. Send the alert as a JSON object.' };
  }
  const parsed = parseSiemAlert(json);
  if (parsed.ok) return parsed;
  return {
    ...parsed,
    message: `Field "${parsed.field}": ${parsed.message}. Fix the SIEM's alert mapping (see /api/alerts in socbot's README).`,
  };
}

/** Registers once per SIEM alert ID, queues the card (idempotent per ref) and audits. */
async function registerAndPost(
  deps: SiemIntakeDeps,
  logger: Logger,
  facts: SiemAlertFacts,
): Promise<RegisteredSiemAlert> {
  const { source } = facts;
  const registered = await deps.registerAlert(facts, {
    source,
    idempotencyKey: `siem:${source}:${facts.alertId}`,
  });
  // Queued on every delivery, retries too: if an earlier queueing failed, this one repairs it;
  // the outbox's idempotency key keeps it to one card.
  await deps.postAlertToSoc({
    ref: registered.ref,
    facts,
    card: siemAlertCard(registered.ref, facts),
    text: siemAlertText(registered.ref, facts),
    idempotencyKey: `siem-card:${registered.ref}`,
  });
  const { description: _description, title: _title, ...loggable } = facts;
  await auditSafely(deps, logger, {
    actor: SIEM_ACTOR,
    action: 'command',
    summary: `SIEM alert ${facts.alertId} from ${source}`,
    result: registered.created ? `registered ${registered.ref}` : `already registered as ${registered.ref}`,
    alertRef: registered.ref,
    details: loggable,
  });
  logger.info(
    { ref: registered.ref, alertId: facts.alertId, source, created: registered.created },
    'SIEM alert accepted',
  );
  return registered;
}

/** An audit failure is logged, never turned into a lost alert or a 500. */
async function auditSafely(
  deps: SiemIntakeDeps,
  logger: Logger,
  entry: Parameters<SiemIntakeDeps['audit']>[0],
): Promise<void> {
  try {
    await deps.audit(entry);
  } catch (error) {
    logger.error({ err: error, summary: entry.summary }, 'audit entry could not be written');
  }
}

/**
 * Unauthenticated refusals are logged, not audited: anyone on the network can cause them, and an
 * fsynced audit entry per request would let them fill the disk.
 */
function refuseUnauthenticated(logger: Logger, req: Request, refusal: string): void {
  logger.warn(
    { refusal, remoteAddress: req.socket.remoteAddress },
    'SIEM delivery refused: not authenticated',
  );
}

function headerValue(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
