import { z } from 'zod';
import { stillRateLimited } from '../integrations/enrichment/still-rate-limited';
import { keyHash } from '../integrations/idempotency-key';
import {
  defangIndicator,
  indicatorReportText,
  rateLimitedSources,
} from '../integrations/enrichment/indicator-report-text';
import { SOURCE_NAMES } from '../integrations/enrichment/enrichment-sources';
import type { EnrichmentSource, Indicator } from '../integrations/enrichment/indicator-report';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'enrich.late';

const SOURCES = [
  'virustotal',
  'abuseipdb',
  'greynoise',
  'shodan',
  'misp',
] as const satisfies readonly EnrichmentSource[];

/** The sources that were rate-limited when an analyst looked an indicator up, to ask again later. */
export interface LateEnrichment {
  indicator: Indicator;
  sources: EnrichmentSource[];
  /** The conversation directory key of the conversation the analyst asked in. */
  conversationKey: string;
  /** The look-up's request id: one late answer per look-up and indicator. */
  requestId: string;
  /** The incident the look-up was for (an incident room), for the timeline. */
  alertRef?: string;
}

const lateEnrichmentSchema = z.object({
  indicator: z.object({ kind: z.enum(['ip', 'domain', 'url', 'hash']), value: z.string().min(1).max(2048) }),
  sources: z.array(z.enum(SOURCES)).min(1),
  conversationKey: z.string().min(1),
  requestId: z.string().min(1),
  alertRef: z.string().optional(),
}) satisfies z.ZodType<LateEnrichment>;

/** The late answer went out; `verdict` is the overall verdict it carried. */
export interface LateEnrichmentResult {
  told: true;
  verdict: string;
}

const resultSchema = z.object({
  told: z.literal(true),
  verdict: z.string(),
}) satisfies z.ZodType<LateEnrichmentResult>;

/**
 * Posts an indicator's late answer into the conversation it was asked in: the sources that were
 * rate-limiting us (VirusTotal's public API allows 4 look-ups a minute) are asked again when their
 * wait is over, the whole card (cached answers of the others included) goes to the analyst as a
 * proactive message. A source still rate-limiting fails the attempt retryably with its wait, so the
 * outbox tries again then, across restarts too.
 *
 * Queue it without `origin.conversationKey`: the message is itself the report.
 *
 * @example
 *   await jobs.queue(outbox, enrichmentLateJob, { indicator, sources: ['virustotal'], conversationKey, requestId }, undefined, new Date(Date.now() + 60_000));
 */
export const enrichmentLateJob = defineJobKind<LateEnrichment, LateEnrichmentResult>({
  type: TYPE,
  payload: lateEnrichmentSchema,
  result: resultSchema,
  // A look-up again is the look-up's right.
  permission: 'enrich_indicator',
  key: (late) =>
    idempotencyKeyOf(late.requestId, TYPE, keyHash(`${late.indicator.kind}:${late.indicator.value}`)),
  wording: (late) => ({
    task: `post the late answer of ${late.sources.map((source) => SOURCE_NAMES[source]).join(' and ')} on ${defangIndicator(late.indicator)}`,
    success: (result) => `Posted the late answer on ${defangIndicator(late.indicator)} (${result.verdict}).`,
  }),
  handler: ({ delivery, enrichment }) =>
    enrichment === undefined
      ? undefined
      : async (late, context) => {
          // Through the cache: another analyst's look-up may have its answer already (a 429 is never cached).
          const report = await enrichment.lookup(late.indicator, { signal: context.signal });
          const stillLimited = rateLimitedSources(report);
          if (stillLimited.sources.length > 0) {
            throw stillRateLimited(stillLimited);
          }
          const text = `The answer you were waiting for:\n${indicatorReportText(report)}`;
          await delivery.deliver(late.conversationKey, { text }, { signal: context.signal });
          return { told: true, verdict: report.overall.verdict };
        },
});
