import { keyHash } from '../integrations/idempotency-key';
import type { AlertFacts } from '../integrations/alert-facts';
import type { BlockRequest } from '../integrations/blocking/blocking-provider';
import type { BasisNotice, NoticeAudience } from '../integrations/notify/basis-notice';
import type { NotifyChannel } from '../integrations/notify/notifier';

/** The outbox job that creates the ticket of an alert; its payload is the alert's {@link AlertFacts}. */
export const TICKET_JOB = 'ticket.create';

/** The outbox job that posts a SIEM alert card to the SOC conversations; payload `{ ref, text, card }`. */
export const SOC_POST_JOB = 'post.soc';

/** `block.webhook`, `block.scim`: one job per blocking provider; payload {@link BlockRequest}. */
export function blockJobType(provider: string): string {
  return `block.${provider}`;
}

/** `notify.basis.teams`, `notify.leads.email`…: one job per notifier; payload {@link BasisNotice}. */
export function notifyJobType(audience: NoticeAudience, channel: NotifyChannel): string {
  return `notify.${audience}.${channel}`;
}

/** The job type family, for wording and audit: what a job does. */
export type JobKind =
  | { kind: 'ticket' }
  | { kind: 'block'; provider: string }
  | { kind: 'notify'; audience: string; channel: string }
  | { kind: 'soc-post' }
  | { kind: 'other' };

/** Reads a job type back into what it does. */
export function jobKindOf(type: string): JobKind {
  if (type === TICKET_JOB) return { kind: 'ticket' };
  if (type === SOC_POST_JOB) return { kind: 'soc-post' };
  const [family, first, second] = type.split('.');
  if (family === 'block' && first) return { kind: 'block', provider: first };
  if (family === 'notify' && first && second) return { kind: 'notify', audience: first, channel: second };
  return { kind: 'other' };
}

/** Characters allowed in an idempotency key (the integrations refuse anything else). */
const KEY_UNSAFE = /[^A-Za-z0-9._:-]/g;
const MAX_KEY_PART = 40;
/** The providers' limit on a whole key (see checkIdempotencyKey). */
const MAX_KEY = 128;

/**
 * The idempotency key of a side effect: the alert, the operation and its target, so the same request
 * confirmed twice, or sent again by a SIEM, has one effect. Parts are reduced to the characters every
 * provider accepts.
 *
 * @example
 *   idempotencyKeyOf('SOC-2026-0001', 'block.webhook', 'PC-0815', 'DDIC'); // 'SOC-2026-0001:block.webhook:PC-0815:DDIC'
 */
export function idempotencyKeyOf(alertRef: string, operation: string, ...targets: string[]): string {
  const part = (value: string): string => value.replace(KEY_UNSAFE, '_').slice(0, MAX_KEY_PART) || '_';
  const key = [alertRef, operation, ...targets].map(part).join(':');
  if (key.length <= MAX_KEY) return key;
  // Too long for the providers: a prefix that stays readable plus a digest of the whole key.
  return `${key.slice(0, MAX_KEY - 17)}:${keyHash(key)}`;
}

export type { AlertFacts, BasisNotice, BlockRequest };
