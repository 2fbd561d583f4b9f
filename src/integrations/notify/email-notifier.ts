import nodemailer from 'nodemailer';
import type { Logger } from '../../logger';
import { DEFAULT_ACK_TTL_HOURS, describeAckLifetime } from '../ack-token';
import { singleLine } from '../bounded-text';
import { escapeHtml } from '../escape-html';
import { checkIdempotencyKey } from '../idempotency-key';
import { IntegrationError } from '../integration-error';
import { scrubSecrets } from '../scrub-secrets';
import type { BasisNotice, NoticeAudience } from './basis-notice';
import { noticeFacts, noticeTitle } from './basis-notice';
import { noticeAckLink } from './notice-ack-link';
import type { Notifier } from './notifier';

/** Options of createEmailNotifier (from SMTP_URL, SMTP_FROM, BASIS_/LEADS_EMAIL_TO). */
export interface EmailNotifierOptions {
  audience: NoticeAudience;
  /** SMTP_URL, e.g. `smtp://user:password@mail.example.com:587` (`smtps://` for TLS on connect). */
  smtpUrl: string;
  from: string;
  to: string[];
  /** Acknowledge links: where socbot is, the signing secret, and how long a link works (default 72 h). */
  ack: { publicBaseUrl: string; secret: string; ttlHours?: number };
  timeoutMs: number;
  logger: Logger;
}

/**
 * E-mails the notice over SMTP (nodemailer): a plain-text part and an HTML part whose every value
 * is HTML-escaped, with the signed acknowledge link. The Message-ID is derived from the
 * idempotency key, so a retry of a delivery that did go through carries the same Message-ID and
 * mail systems can drop the duplicate.
 *
 * @example
 *   const mail = createEmailNotifier({ audience: 'basis', smtpUrl, from: 'socbot@example.com',
 *     to: ['basis@example.com'], ack, timeoutMs, logger });
 *   await mail.notify(notice, ctx); // { channel: 'email', delivered: 1 }
 */
export function createEmailNotifier(options: EmailNotifierOptions): Notifier {
  const service = `${options.audience}-email`;
  const secrets = [smtpPassword(options.smtpUrl), options.ack.secret];
  return {
    channel: 'email',
    audience: options.audience,
    recipient: `${options.audience}:email`,
    async notify(notice, ctx) {
      const key = checkIdempotencyKey(ctx.idempotencyKey, service);
      const link = noticeAckLink(options.ack, notice, `${options.audience}:email`);
      const transport = nodemailer.createTransport({
        url: options.smtpUrl,
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
        // One connection per notice: nothing to keep alive between rare notices.
        pool: false,
      } as Parameters<typeof nodemailer.createTransport>[0]);
      const message = {
        from: options.from,
        to: options.to,
        // singleLine removes CR/LF: a value cannot add a header line.
        subject: singleLine(`[socbot] ${noticeTitle(notice)}`, 200),
        messageId: `<${key}@socbot>`,
        headers: { 'X-Socbot-Alert-Ref': singleLine(notice.ref, 64) },
        text: noticeText(notice, link, options.ack.ttlHours),
        html: noticeHtml(notice, link, options.ack.ttlHours),
        // base64 keeps the parts simple to check byte for byte and immune to line-length rewrites.
        textEncoding: 'base64' as const,
      };
      const started = Date.now();
      let accepted: number;
      try {
        const info = await untilAborted(transport.sendMail(message), ctx.signal, () => transport.close());
        accepted = Array.isArray(info.accepted) ? info.accepted.length : options.to.length;
        if (Array.isArray(info.rejected) && info.rejected.length > 0) {
          // Some recipients were refused (the rest got it): say so, but do not send the rest twice.
          options.logger.warn(
            { service, refused: info.rejected.length, accepted },
            'the SMTP server refused some recipients; check BASIS_EMAIL_TO / LEADS_EMAIL_TO',
          );
        }
      } catch (error) {
        const failure = emailFailure(error, service, ctx.signal, options.timeoutMs, secrets);
        options.logger.warn(
          { service, kind: failure.kind, ms: Date.now() - started, serviceAnswer: failure.serviceAnswer },
          failure.message,
        );
        throw failure;
      } finally {
        transport.close();
      }
      options.logger.debug({ service, recipients: accepted, ms: Date.now() - started }, 'sent');
      return { channel: 'email', delivered: accepted };
    },
  };
}

/** The plain-text body. */
export function noticeText(
  notice: BasisNotice,
  ackLink: string,
  ttlHours: number = DEFAULT_ACK_TTL_HOURS,
): string {
  const lines = noticeFacts(notice).map(([label, value]) => `${label}: ${value}`);
  return [noticeTitle(notice), '', ...lines, '', `Acknowledge: ${ackLink}`, linkLifetime(ttlHours), ''].join(
    '\n',
  );
}

/** The HTML body: every value escaped; the only markup is socbot's own. */
export function noticeHtml(
  notice: BasisNotice,
  ackLink: string,
  ttlHours: number = DEFAULT_ACK_TTL_HOURS,
): string {
  const rows = noticeFacts(notice)
    .map(
      ([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  return [
    '<!doctype html><html><body>',
    `<h2>${escapeHtml(noticeTitle(notice))}</h2>`,
    `<table>${rows}</table>`,
    `<p><a href="${escapeHtml(ackLink)}">Acknowledge</a></p>`,
    `<p>${escapeHtml(linkLifetime(ttlHours))}</p>`,
    '</body></html>',
  ].join('');
}

/** The sentence under the link: it expires (BASIS_ACK_TTL_HOURS), and what to do then. */
function linkLifetime(ttlHours: number): string {
  return `The link works for ${describeAckLifetime(ttlHours)}; after that, acknowledge in Teams or ask the SOC.`;
}

async function untilAborted<T>(work: Promise<T>, signal: AbortSignal, onAbort: () => void): Promise<T> {
  if (signal.aborted) {
    onAbort();
    throw new AbortedError();
  }
  let listener: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    listener = () => {
      onAbort();
      reject(new AbortedError());
    };
    signal.addEventListener('abort', listener, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (listener) signal.removeEventListener('abort', listener);
    work.catch(() => undefined); // the losing send may still fail after close(); nobody awaits it
  }
}

class AbortedError extends Error {}

function emailFailure(
  error: unknown,
  service: string,
  signal: AbortSignal,
  timeoutMs: number,
  secrets: string[],
): IntegrationError {
  if (error instanceof AbortedError || signal.aborted) {
    return new IntegrationError(
      `${service}: cancelled before the SMTP server took the message; it can be sent again.`,
      {
        service,
        kind: 'aborted',
        retryable: true,
      },
    );
  }
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const status = typeof responseCode === 'number' ? responseCode : undefined;
  const codeText = typeof code === 'string' ? code : 'unknown';
  const statusPart = status !== undefined ? { status } : {};
  if (codeText === 'EAUTH' || status === 535 || status === 530) {
    return new IntegrationError(
      `The SMTP server refused the login (${status ?? codeText}): check the user and password in SMTP_URL.`,
      { service, kind: 'auth', retryable: false, ...statusPart },
    );
  }
  if (codeText === 'ETIMEDOUT') {
    return new IntegrationError(
      `The SMTP server did not answer within ${timeoutMs} ms; socbot will try again. Raise INTEGRATION_TIMEOUT_MS if it is just slow.`,
      { service, kind: 'timeout', retryable: true },
    );
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new IntegrationError(`The SMTP server deferred the message (${status}); socbot will try again.`, {
      service,
      kind: 'unavailable',
      retryable: true,
      status,
    });
  }
  if (status !== undefined && status >= 500) {
    // Scrubbed before it is shortened: a cut could leave part of an encoded secret unrecognised.
    const said = singleLine(
      scrubSecrets(String((error as { response?: unknown }).response ?? ''), secrets),
      300,
    );
    return new IntegrationError(
      `The SMTP server rejected the message (${status}). Check SMTP_FROM and the recipient addresses; the server's answer is in socbot's log.`,
      { service, kind: 'rejected', retryable: false, status, serviceAnswer: said },
    );
  }
  // Only the code is kept: nodemailer's messages may quote the connection URL.
  return new IntegrationError(
    `The SMTP server could not be reached (${codeText}); socbot will try again. Check the host and port in SMTP_URL.`,
    { service, kind: 'network', retryable: true },
  );
}

function smtpPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}
