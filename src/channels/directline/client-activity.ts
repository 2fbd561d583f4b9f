import type { Activity } from 'botbuilder';
import { SocbotError } from '../../errors';
import { cutTextNote, keptText } from '../long-message';

/** Who posted: the user the token was issued for, whatever the body claims. */
export interface ClientIdentity {
  userId: string;
  userName?: string;
}

/** The bot account Direct Line conversations talk to. */
export const DIRECTLINE_BOT_ACCOUNT = { id: 'socbot', name: 'socbot', role: 'bot' } as const;

/**
 * Placeholder service URL of Direct Line activities. Not http(s) on purpose: replies go through the
 * DirectLineAdapter, never to a connector, and code that tries to POST to it fails loudly.
 */
export const DIRECTLINE_SERVICE_URL = 'urn:socbot:directline';

const ACCEPTED_TYPES = new Set(['message', 'event']);

/**
 * Turns what a Web Chat client POSTed into the activity the bot sees: only the fields a client may
 * set are kept (type, text, value, name, locale, Web Chat's clientActivityID), `from` is the token's
 * user, the conversation is the token's. A text longer than the bot reads is cut to what the
 * transcript keeps, its full length noted for the bot's refusal (long-message.ts). Throws
 * INPUT_INVALID (→ 400) saying what is wrong.
 *
 * @example
 *   const activity = clientActivity(JSON.parse(body), { userId: grant.userId }, conversationId);
 */
export function clientActivity(body: unknown, identity: ClientIdentity, conversationId: string): Activity {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The body must be one activity as a JSON object, e.g. {"type":"message","text":"hi"}.');
  }
  const posted = body as Record<string, unknown>;
  if (typeof posted.type !== 'string' || !ACCEPTED_TYPES.has(posted.type)) {
    throw invalid('type must be "message" or "event"; this endpoint accepts nothing else.');
  }
  if (posted.text !== undefined && typeof posted.text !== 'string') throw invalid('text must be a string.');
  if (Array.isArray(posted.attachments) && posted.attachments.length > 0) {
    throw invalid('File uploads are not supported by socbot; type the details instead.');
  }
  const fromName = identity.userName ?? identity.userId;
  const kept = typeof posted.text === 'string' ? keptText(posted.text) : undefined;
  const activity: Partial<Activity> = {
    type: posted.type,
    channelId: 'webchat',
    serviceUrl: DIRECTLINE_SERVICE_URL,
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: identity.userId, name: fromName, role: 'user' },
    recipient: { ...DIRECTLINE_BOT_ACCOUNT },
    ...(kept ? { text: kept.text } : {}),
    ...(posted.value !== undefined ? { value: posted.value } : {}),
    ...(typeof posted.name === 'string' ? { name: posted.name } : {}),
    ...(typeof posted.locale === 'string' ? { locale: posted.locale } : {}),
    ...(typeof posted.textFormat === 'string' ? { textFormat: posted.textFormat } : {}),
    channelData: {
      ...clientChannelData(posted.channelData, posted.id),
      ...(kept?.cutFrom !== undefined ? cutTextNote(kept.cutFrom) : {}),
    },
  };
  return activity as Activity;
}

/**
 * The id the client gave its activity (Web Chat's `channelData.clientActivityID`, or a client-set
 * `id`): the same on a retry, so the endpoint answers a repeated post without handling it again.
 *
 * @example
 *   clientActivityIdOf(clientActivity(body, identity, conversationId)); // 'mz1x…' or undefined
 */
export function clientActivityIdOf(activity: Activity): string | undefined {
  const id = (activity.channelData as Record<string, unknown> | undefined)?.clientActivityID;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Web Chat matches its echoed message by `channelData.clientActivityID`; nothing else is kept. A
 * client that set the activity's `id` instead gets that as its clientActivityID (the stream's ids
 * are the endpoint's own).
 */
function clientChannelData(channelData: unknown, postedId: unknown): Record<string, string> {
  const fields = typeof channelData === 'object' && channelData !== null ? channelData : {};
  const { clientTimestamp } = fields as Record<string, unknown>;
  const given = (fields as Record<string, unknown>).clientActivityID;
  const clientActivityID = typeof given === 'string' ? given : postedId;
  return {
    ...(typeof clientActivityID === 'string' && clientActivityID !== ''
      ? { clientActivityID: clientActivityID.slice(0, 100) }
      : {}),
    ...(typeof clientTimestamp === 'string' ? { clientTimestamp: clientTimestamp.slice(0, 40) } : {}),
  };
}

function invalid(message: string): SocbotError {
  return new SocbotError('INPUT_INVALID', message);
}
