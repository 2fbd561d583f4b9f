import { z } from 'zod';
import type { BasisNotice } from '../integrations/notify/basis-notice';
import { IntegrationError } from '../integrations/integration-error';
import type { NotifyChannel, NotifyResult } from '../integrations/notify/notifier';
import { alertFactsSchema } from './alert-facts-schema';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'escalate.notice';

/** One escalation notice: the alert as its tier tells it, to one recipient (one notifier). */
export interface EscalationNoticeRequest {
  notice: BasisNotice;
  /** The notifier's recipient (`leads:teams`, `exec:sms:+4915123456789`): one job each. */
  recipient: string;
  channel: NotifyChannel;
}

const escalationSchema = z.object({
  tier: z.enum(['first', 'reminder']),
  at: z.string(),
  unacknowledgedMinutes: z.number().optional(),
  liftedBecause: z.string().optional(),
});

const requestSchema = z.object({
  notice: alertFactsSchema.omit({ summary: true }).extend({
    audience: z.enum(['leads', 'exec']),
    blocked: z.array(z.string()),
    title: z.string().optional(),
    escalation: escalationSchema,
  }),
  recipient: z.string(),
  channel: z.enum(['teams', 'webhook', 'email', 'sms']),
}) satisfies z.ZodType<EscalationNoticeRequest>;

/**
 * What a notice did: the notifier's result, or — for a later tier that found the alert acknowledged
 * or closed before an attempt — `delivered: 0` and `notSent` saying why (a success: it was no
 * longer due).
 */
export interface EscalationNoticeResult extends NotifyResult {
  /** Why it was not sent: `SOC-2026-0001 was acknowledged by leads:sms:+4915…`, `SOC-2026-0001 is closed`. */
  notSent?: string;
}

/** What a later tier's notice asks before each attempt: implemented by src/app/escalation.ts. */
export interface EscalationStatus {
  /** Why the escalation of `ref` has ended (acknowledged or closed), or undefined while it runs. */
  endedBecause(ref: string): Promise<string | undefined>;
}

const resultSchema = z.object({
  channel: z.enum(['teams', 'webhook', 'email', 'sms']),
  delivered: z.number(),
  unreachable: z.number().optional(),
  reference: z.string().optional(),
  notSent: z.string().optional(),
}) satisfies z.ZodType<EscalationNoticeResult>;

const WHO = { leads: 'the SOC leads', exec: 'the executives', basis: 'the Basis team' } as const;

/**
 * Tells one escalation recipient about a P1/P2 alert (src/app/escalation.ts queues them): keyed by
 * alert, tier and recipient, so a SIEM retry, a second registration of the same request or a restart
 * never sends a recipient the same tier twice. The recipient's notifier is looked up among the
 * leads' and executives' (LEADS_NOTIFY, EXEC_NOTIFY); one taken out of the configuration since
 * fails the job (not retried) and says so. A reminder (the tier after the first) looks before each
 * attempt whether the alert was acknowledged or closed since it was queued, and then ends without
 * sending (`notSent`): a retry after a Twilio 429 must not say "NOT ACKNOWLEDGED" about an
 * acknowledged alert. A first-tier notice always goes: it tells the recipient of the alert at all.
 *
 * @example
 *   await jobs.queue(outbox, escalationNoticeJob, { notice, recipient: 'exec:sms:+4915123456789', channel: 'sms' }, origin);
 */
export const escalationNoticeJob = defineJobKind<EscalationNoticeRequest, EscalationNoticeResult>({
  type: TYPE,
  payload: requestSchema,
  result: resultSchema,
  key: ({ notice, recipient }) =>
    idempotencyKeyOf(notice.ref, TYPE, notice.escalation?.tier ?? 'first', recipient),
  permission: 'register_alert',
  wording: ({ notice, channel }) => {
    const what =
      notice.escalation?.tier === 'reminder' ? 'an escalation reminder' : `the ${notice.priority} escalation`;
    return {
      task: `send ${WHO[notice.audience]} ${what} for ${notice.ref} by ${channel}`,
      success: (result) =>
        result.notSent
          ? `Did not send ${WHO[notice.audience]} ${what} for ${notice.ref} by ${channel}: ${result.notSent}.`
          : `Sent ${WHO[notice.audience]} ${what} for ${notice.ref} by ${channel}.`,
    };
  },
  // Without the escalation (JobDeps.escalation) a reminder could not look whether it is still due:
  // the notices wait, as the timer does; only the escalation queues them.
  handler: ({ integrations, escalation }) => {
    const notifiers = [...integrations.leadsNotifiers, ...integrations.execNotifiers];
    if (notifiers.length === 0 || !escalation) return undefined;
    return async ({ notice, recipient, channel }, context) => {
      if (notice.escalation?.tier === 'reminder') {
        const notSent = await escalation.endedBecause(notice.ref);
        if (notSent) return { channel, delivered: 0, notSent };
      }
      const notifier = notifiers.find((candidate) => candidate.recipient === recipient);
      if (!notifier) {
        throw new IntegrationError(
          `${recipient} is no longer configured (LEADS_NOTIFY, EXEC_NOTIFY and their _SMS_TO, _EMAIL_TO, _WEBHOOK_URL), so this escalation notice is not sent.`,
          { service: 'escalation', kind: 'rejected', retryable: false },
        );
      }
      return notifier.notify(notice, context);
    };
  },
});
