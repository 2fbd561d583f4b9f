import type { Logger } from '../../logger';
import { basicAuth } from '../basic-auth';
import { createHttpClient, type HttpClient } from '../http-client';
import { checkIdempotencyKey } from '../idempotency-key';
import type { TwilioConfig } from '../integration-config';
import { IntegrationError } from '../integration-error';
import type { OperationContext } from '../operation';
import type { NoticeAudience } from './basis-notice';
import { noticeAckLink, type AckLinkSettings } from './notice-ack-link';
import type { Notifier } from './notifier';
import { smsText } from './sms-text';

/** Options of createSmsNotifier: one notifier per phone number (LEADS_SMS_TO / EXEC_SMS_TO). */
export interface SmsNotifierOptions {
  audience: Exclude<NoticeAudience, 'basis'>;
  /** The recipient, E.164 (`+4915123456789`). */
  to: string;
  twilio: TwilioConfig;
  ack: AckLinkSettings;
  timeoutMs: number;
  logger: Logger;
}

/** What a Twilio Message resource answers (the fields socbot reads). */
interface TwilioMessage {
  sid?: string;
  status?: string;
  to?: string;
  body?: string;
}

/** What an attempt stores before it POSTs: a later attempt then looks for the message first. */
interface SmsProgress {
  posting: true;
  /** ISO time of the POST: the message list is searched from that day on. */
  at: string;
}

/**
 * Sends an escalation notice as one SMS through the Twilio Messages API:
 * `POST {TWILIO_API_URL}/2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP basic auth
 * AccountSid:AuthToken, form-encoded `To`, `From` (or `MessagingServiceSid` for an `MG…` sender),
 * `Body` ({@link smsText}). Twilio answers 201 with the Message resource; an error answers JSON
 * `{ code, message, more_info, status }`: 400 (a bad number, e.g. code 21211) fails the job at once
 * naming the variable to fix, 401 names TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN, 429 and 5xx are
 * retried (429 after its Retry-After).
 *
 * **Twilio has no idempotency key.** A POST whose answer was lost (a timeout, a reset connection,
 * a crash after sending) may have sent the SMS, and the outbox retries it: without care the
 * recipient gets it twice. The window is narrowed: before the POST the attempt stores "posting"
 * on the job (saveProgress); an attempt that finds it reads the Messages list (same `To`, and the
 * same `From` unless a Messaging Service sends, sent since that day) and, when a message with this
 * exact body is there, counts it as sent. The text is the same on every attempt (its link is
 * issued when the tier was queued). What remains: a message Twilio accepted but does not list yet
 * when the retry looks; the retry then sends it a second time. At least once, never lost.
 *
 * @example
 *   const sms = createSmsNotifier({ audience: 'leads', to: '+4915123456789', twilio, ack, timeoutMs, logger });
 *   await sms.notify(notice, ctx); // { channel: 'sms', delivered: 1, reference: 'SM…' }
 */
export function createSmsNotifier(options: SmsNotifierOptions): Notifier {
  const { audience, to, twilio } = options;
  const recipient = `${audience}:sms:${to}`;
  const service = `${audience}-sms`;
  const variable = `${audience.toUpperCase()}_SMS_TO`;
  const http = createHttpClient({
    service,
    baseUrl: twilio.apiUrl,
    timeoutMs: options.timeoutMs,
    headers: { Authorization: basicAuth(twilio.accountSid, twilio.authToken) },
    secrets: [twilio.authToken, options.ack.secret],
    authFixHint: 'check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (Twilio Console, Account Info)',
    logger: options.logger,
  });
  const messagesPath = `/2010-04-01/Accounts/${encodeURIComponent(twilio.accountSid)}/Messages.json`;
  const viaService = twilio.from.startsWith('MG');

  return {
    channel: 'sms',
    audience,
    recipient,
    async notify(notice, ctx) {
      checkIdempotencyKey(ctx.idempotencyKey, service);
      const body = smsText(notice, noticeAckLink(options.ack, notice, recipient));
      const earlier = postingOf(ctx.progress);
      if (earlier) {
        const sent = await findSent(
          http,
          messagesPath,
          { to, from: viaService ? undefined : twilio.from, body, since: earlier.at },
          ctx,
        );
        if (sent) {
          options.logger.info(
            { service, sid: sent.sid },
            'sms: an earlier attempt had sent it; not sent again',
          );
          return { channel: 'sms', delivered: 1, ...(sent.sid ? { reference: sent.sid } : {}) };
        }
      }
      await ctx.saveProgress?.({
        posting: true,
        at: earlier?.at ?? new Date().toISOString(),
      } satisfies SmsProgress);
      const response = await http.request<unknown>(
        {
          method: 'POST',
          path: messagesPath,
          form: {
            To: to,
            ...(viaService ? { MessagingServiceSid: twilio.from } : { From: twilio.from }),
            Body: body,
          },
        },
        ctx,
        { acceptStatus: [400, 404] },
      );
      if (response.status === 400 || response.status === 404) {
        throw refused(response.status, response.data, { service, to, variable });
      }
      const message = response.data as TwilioMessage;
      return {
        channel: 'sms',
        delivered: 1,
        ...(typeof message.sid === 'string' ? { reference: message.sid } : {}),
      };
    },
  };
}

/** The "posting" mark an earlier attempt left, if any (stored data: checked, not trusted). */
function postingOf(progress: unknown): SmsProgress | undefined {
  if (typeof progress !== 'object' || progress === null) return undefined;
  const { posting, at } = progress as Record<string, unknown>;
  return posting === true && typeof at === 'string' && !Number.isNaN(Date.parse(at))
    ? { posting: true, at }
    : undefined;
}

/**
 * The message an earlier attempt sent, found in the Messages list (`To`, `From`, `DateSent>=`
 * the day of that attempt, newest first, one page of 50) by its exact body.
 */
async function findSent(
  http: HttpClient,
  path: string,
  search: { to: string; from: string | undefined; body: string; since: string },
  ctx: Pick<OperationContext, 'signal'>,
): Promise<TwilioMessage | undefined> {
  const response = await http.request<{ messages?: TwilioMessage[] }>(
    {
      method: 'GET',
      path,
      query: {
        To: search.to,
        ...(search.from ? { From: search.from } : {}),
        'DateSent>': search.since.slice(0, 10),
        PageSize: 50,
      },
    },
    ctx,
  );
  const messages = Array.isArray(response.data?.messages) ? response.data.messages : [];
  return messages.find(
    (message) =>
      message.body === search.body && message.status !== 'failed' && message.status !== 'undelivered',
  );
}

/** A 400/404 from Twilio: this number or this account will not take the message as it is. */
function refused(
  status: number,
  data: unknown,
  where: { service: string; to: string; variable: string },
): IntegrationError {
  const answer = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const code = typeof answer.code === 'number' ? answer.code : undefined;
  const codeText =
    code !== undefined ? `, Twilio error ${code}: https://www.twilio.com/docs/api/errors/${code}` : '';
  const fix =
    status === 404
      ? 'check TWILIO_ACCOUNT_SID and TWILIO_API_URL'
      : `check the number in ${where.variable} (E.164, a mobile that takes SMS) and TWILIO_FROM`;
  return new IntegrationError(
    `Twilio refused the SMS to ${where.to} (${status}${codeText}); sending it again will not help: ${fix}.`,
    {
      service: where.service,
      kind: 'rejected',
      retryable: false,
      status,
      ...(typeof answer.message === 'string' ? { serviceAnswer: answer.message.slice(0, 300) } : {}),
    },
  );
}
