import { z } from 'zod';
import { escapeCardMarkdown } from '../integrations/notify/card-markdown';
import { defangText } from '../mail/routing/mail-card';
import type { Indicator } from '../integrations/enrichment/indicator-report';
import { deliverToConversations } from '../integrations/notify/conversation-delivery';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';
import { RATE_LIMIT_WAITING_ATTEMPTS } from './alert-enrichment-job';

const TYPE = 'enrich.mail';
const SERVICE = 'soc-teams';

/** The public indicators of a mail's alert to look up, and why (its category's route). */
export interface MailEnrichment {
  ref: string;
  /** The category whose route asked for it (`phishing`, `enrichment`): one look-up per alert and route. */
  route: string;
  indicators: Indicator[];
  /** Who asked, for a look-up request ("asked by Jane <jane@example.com>"). */
  askedBy?: string;
}

const mailEnrichmentSchema = z.object({
  ref: z.string().min(1),
  route: z.string().min(1).max(40),
  indicators: z
    .array(z.object({ kind: z.enum(['ip', 'domain', 'url', 'hash']), value: z.string().min(1).max(2048) }))
    .min(1)
    .max(20),
  askedBy: z.string().max(300).optional(),
}) satisfies z.ZodType<MailEnrichment>;

/** The verdicts as recorded and posted. */
export interface MailEnrichmentResult {
  /** The cards' text: one card per indicator. */
  summary: string;
  /** SOC conversations that got it (0: none registered; the ticket note has it). */
  delivered: number;
}

const resultSchema = z.object({
  summary: z.string(),
  delivered: z.number(),
}) satisfies z.ZodType<MailEnrichmentResult>;

/**
 * What recording a mail's look-ups does (src/app/mail-enrichment.ts): look each indicator up
 * (cached), queue the verdicts as a note on the alert's ticket, return the cards. Throws a
 * retryable IntegrationError while a source is rate-limiting us and `waitForRateLimits`.
 */
export interface MailEnricher {
  enrich(
    request: MailEnrichment,
    about: { key: string; signal: AbortSignal; waitForRateLimits: boolean },
  ): Promise<{ summary: string }>;
}

/**
 * Looks up the indicators of a mail's alert (issue 17 routing: a reported phishing mail's URLs,
 * domains, IPs and attachment hashes; the indicators a look-up request asks about) and posts the
 * answer after the mail's card to the SOC conversations, as the lookup cards `vtip` shows; the
 * verdicts also go onto the ticket. Keyed by alert + route: a mail handed over again, or a
 * repeated correction to the same category, looks up and posts once.
 *
 * @example
 *   await queueAudited(app, mailEnrichmentJob, { ref, route: 'phishing', indicators }, { alertRef: ref }, { actor });
 */
export const mailEnrichmentJob = defineJobKind<MailEnrichment, MailEnrichmentResult>({
  type: TYPE,
  payload: mailEnrichmentSchema,
  result: resultSchema,
  permission: 'enrich_indicator',
  key: (request) => idempotencyKeyOf(request.ref, TYPE, request.route),
  wording: (request) => ({
    task: `look up ${request.indicators.length} indicator${request.indicators.length === 1 ? '' : 's'} of the mail ${request.ref} at the threat-intelligence sources`,
    success: (result) => `${headline(request)}\n${result.summary}`,
  }),
  handler: ({ delivery, conversations, mailEnricher }) =>
    mailEnricher === undefined
      ? undefined
      : async (request, context) => {
          const { summary } = await mailEnricher.enrich(request, {
            key: context.idempotencyKey,
            signal: context.signal,
            waitForRateLimits: context.attempt <= RATE_LIMIT_WAITING_ATTEMPTS,
          });
          const keys = await conversations.list('soc');
          if (keys.length === 0) return { summary, delivered: 0 };
          const { delivered } = await deliverToConversations({
            service: SERVICE,
            delivery,
            conversations: keys,
            message: { text: `${headline(request)}\n${summary}` },
            progress: context.progress,
            signal: context.signal,
            saveProgress: context.saveProgress,
          });
          return { summary, delivered };
        },
});

/** The first line of the look-up message. */
function headline(request: MailEnrichment): string {
  // The sender's name is the mail's words: escaped and defanged, so it can never be a link the bot posts.
  const asked = request.askedBy
    ? ` (asked by ${escapeCardMarkdown(defangText(request.askedBy.replace(/\s+/g, ' ')))})`
    : '';
  return `Threat intelligence on the mail ${request.ref}${asked}:`;
}
