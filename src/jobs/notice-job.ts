import { z } from 'zod';
import type { BasisNotice, NoticeAudience } from '../integrations/notify/basis-notice';
import type { NotifyChannel, NotifyResult } from '../integrations/notify/notifier';
import { alertFactsSchema } from './alert-facts-schema';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind, type JobKind } from './job-kind';

/** The audiences of a Basis request's notice (executives are reached only by escalation). */
type RequestAudience = Exclude<NoticeAudience, 'exec'>;
/** The channels of a Basis request's notice (SMS is for escalation). */
type RequestChannel = Exclude<NotifyChannel, 'sms'>;

/** How an audience is named to an analyst. */
const AUDIENCE_NAMES: Record<RequestAudience, string> = { basis: 'the Basis team', leads: 'the SOC leads' };

const noticeSchema = alertFactsSchema.omit({ summary: true }).extend({
  audience: z.enum(['basis', 'leads']),
  blocked: z.array(z.string()),
}) satisfies z.ZodType<BasisNotice>;

const notifyResultSchema = z.object({
  channel: z.enum(['teams', 'webhook', 'email']),
  delivered: z.number(),
  unreachable: z.number().optional(),
}) satisfies z.ZodType<NotifyResult>;

function noticeJobOf(audience: RequestAudience, channel: RequestChannel): JobKind<BasisNotice, NotifyResult> {
  const type = `notify.${audience}.${channel}`;
  const who = AUDIENCE_NAMES[audience];
  return defineJobKind<BasisNotice, NotifyResult>({
    type,
    payload: noticeSchema,
    result: notifyResultSchema,
    // Per terminal and user, not per alert: a second "inform Basis" about the same alert that names
    // another terminal or user is a new notice, not the earlier job.
    key: (notice) => idempotencyKeyOf(notice.ref, type, notice.terminal, notice.username),
    permission: 'inform_basis',
    wording: (notice) => ({
      task: `notify ${who} by ${channel} about ${notice.ref}`,
      success: (result) =>
        `Notified ${who} by ${channel}${recipients(result)} about ${notice.ref}.${unreachable(result)}`,
    }),
    handler: ({ integrations }) => {
      const notifier = [...integrations.basisNotifiers, ...integrations.leadsNotifiers].find(
        (candidate) => candidate.audience === audience && candidate.channel === channel,
      );
      return notifier && ((notice, context) => notifier.notify(notice, context));
    },
  });
}

/** " (2 conversations)", " (1 recipient)"; nothing for a webhook, which is one endpoint. */
function recipients(result: NotifyResult): string {
  if (result.channel === 'webhook') return '';
  const noun = result.channel === 'teams' ? 'conversation' : 'recipient';
  return ` (${result.delivered} ${result.delivered === 1 ? noun : `${noun}s`})`;
}

function unreachable(result: NotifyResult): string {
  const count = result.unreachable ?? 0;
  if (count === 0) return '';
  return count === 1
    ? ' One registered conversation no longer takes messages (the bot was removed or it was deleted): register that channel again.'
    : ` ${count} registered conversations no longer take messages (the bot was removed or they were deleted): register those channels again.`;
}

/**
 * Tells one audience on one channel about an attacker: one job kind per audience and channel, so
 * each notifier retries on its own.
 *
 * @example
 *   await jobs.queue(outbox, noticeJobs.basis.teams, notice, origin); // "Notified the Basis team by teams (2 conversations) about SOC-2026-0001."
 */
export const noticeJobs: Readonly<
  Record<RequestAudience, Readonly<Record<RequestChannel, JobKind<BasisNotice, NotifyResult>>>>
> = {
  basis: {
    teams: noticeJobOf('basis', 'teams'),
    webhook: noticeJobOf('basis', 'webhook'),
    email: noticeJobOf('basis', 'email'),
  },
  leads: {
    teams: noticeJobOf('leads', 'teams'),
    webhook: noticeJobOf('leads', 'webhook'),
    email: noticeJobOf('leads', 'email'),
  },
};

/**
 * The notice kind of a Basis request for a notifier, or undefined for one only escalation uses
 * (executives, SMS).
 *
 * @example
 *   noticeJobFor('basis', 'email'); // noticeJobs.basis.email
 *   noticeJobFor('exec', 'sms');    // undefined
 */
export function noticeJobFor(
  audience: NoticeAudience,
  channel: NotifyChannel,
): JobKind<BasisNotice, NotifyResult> | undefined {
  if (audience === 'exec' || channel === 'sms') return undefined;
  return noticeJobs[audience][channel];
}
