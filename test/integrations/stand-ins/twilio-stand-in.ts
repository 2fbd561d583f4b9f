import { randomBytes } from 'node:crypto';
import { requireBasicAuth } from './basic-auth-check';
import { startStandIn, type RecordedRequest, type StandIn } from './stand-in-server';

/** A message the stand-in accepted, as Twilio's Message resource names its fields. */
export interface TwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string;
  status: 'queued';
  date_created: string;
}

export interface TwilioStandIn extends StandIn {
  /** Every message accepted (201), in order. */
  messages: TwilioMessage[];
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The Twilio Messages API as socbot uses it, on 127.0.0.1:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP basic auth AccountSid:AuthToken
 * and form fields `To`, `From` (or `MessagingServiceSid`), `Body` → 201 and the Message resource;
 * `GET` the same path with `To`, `From`, `DateSent>` → `{ messages: [...] }`, newest first. Errors
 * are Twilio's JSON `{ code, message, more_info, status }`: 401 (code 20003) for wrong credentials
 * or another account's path, 400 (21211) for a `To` that is not a valid number or is in
 * `invalidNumbers`, 400 (21602) without a Body, 415 for a body that is not form-encoded.
 * 429 and 5xx are scripted with `script()`.
 */
export async function startTwilioStandIn(
  accountSid: string,
  authToken: string,
  invalidNumbers: readonly string[] = [],
): Promise<TwilioStandIn> {
  const messages: TwilioMessage[] = [];
  const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const standIn = await startStandIn((request) => {
    const denied = requireBasicAuth(request, accountSid, authToken, twilioError(401, 20003, 'Authenticate'));
    if (denied) return denied;
    if (request.url.pathname !== path)
      return { status: 404, body: twilioError(404, 20404, 'The requested resource was not found') };
    if (request.method === 'GET')
      return { status: 200, body: { messages: listed(messages, request), page: 0 } };
    if (request.method !== 'POST')
      return { status: 405, body: twilioError(405, 20004, 'Method not allowed') };
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return { status: 415, body: twilioError(415, 20415, 'Unsupported Media Type') };
    }
    const form = new URLSearchParams(request.body);
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    if (!E164.test(to) || invalidNumbers.includes(to)) {
      return {
        status: 400,
        body: twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`),
      };
    }
    if (body === '') return { status: 400, body: twilioError(400, 21602, 'Message body is required.') };
    const message: TwilioMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      to,
      from: form.get('From'),
      messaging_service_sid: form.get('MessagingServiceSid'),
      body,
      status: 'queued',
      date_created: new Date().toUTCString(),
    };
    messages.push(message);
    return { status: 201, body: message };
  });
  return Object.assign(standIn, { messages });
}

/** The form fields of a recorded POST. */
export function formOf(request: RecordedRequest | undefined): URLSearchParams {
  if (!request) throw new Error('no such request was recorded');
  return new URLSearchParams(request.body);
}

function listed(messages: readonly TwilioMessage[], request: RecordedRequest): TwilioMessage[] {
  const to = request.url.searchParams.get('To');
  const from = request.url.searchParams.get('From');
  return messages
    .filter((message) => (!to || message.to === to) && (!from || message.from === from))
    .reverse();
}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}
