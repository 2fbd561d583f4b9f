import { isIP } from 'node:net';
import { auditActorOf } from '../conversation/turn-actor';
import { asSocbotError } from '../errors';
import { escapeCardMarkdown } from '../integrations/notify/card-markdown';
import type { EnrichmentService } from '../integrations/enrichment/enrichment-service';
import type { Indicator, IndicatorReport } from '../integrations/enrichment/indicator-report';
import {
  defangIndicator,
  indicatorReportText,
  rateLimitedSources,
} from '../integrations/enrichment/indicator-report-text';
import { SOURCE_KEY_VARIABLES } from '../integrations/enrichment/enrichment-sources';
import { enrichmentLateJob, type LateEnrichment } from '../jobs/enrichment-late-job';
import type { IndicatorAnswer, IndicatorLookupServices, QueuedAction } from '../skills/types';
import type { ActionOrigin, ActionServicesDeps } from './action-services';
import { queueAudited } from './audited-queue';
import { indicatorOfSlotValue } from './indicator-of-slot-value';
import { splitIndicatorList } from '../nlu/entities/indicator-list';

/** How long one look-up may take in a turn before the sources still out count as failed. */
const LOOKUP_TIMEOUT_MS = 15_000;

/** What a turn's indicator look-ups need besides what every turn's side effects share. */
export interface IndicatorLookupDeps extends Pick<
  ActionServicesDeps,
  'outbox' | 'jobs' | 'audit' | 'rolesOf'
> {
  /** The configured sources; absent when none is (every card then says how to configure one). */
  enrichment: EnrichmentService | undefined;
  /** Which incident a conversation is the room of. */
  rooms: { refOfConversation(conversationKey: string): Promise<string | undefined> };
  /** The non-public range an IP address is in ('private', 'loopback', 'documentation' …), or undefined. */
  addressRange(ip: string): string | undefined;
}

/**
 * The indicator look-ups of one turn (SkillServices.indicators), bound to the analyst who asks and
 * the conversation a late answer goes to. Read-only: the role check is the skill's permission
 * (`enrich_indicator`), the look-up is audited by the engine with the indicators asked for, a late
 * answer's job by queueAudited. An internal address is never sent to an internet source.
 *
 * @example
 *   const lookups = createIndicatorLookups(deps, { actor, conversationId, conversationKey });
 *   const [answer] = await lookups.lookup(['185.220.101.4'], { requestId });
 */
export function createIndicatorLookups(
  deps: IndicatorLookupDeps,
  origin: ActionOrigin,
): IndicatorLookupServices {
  const actor = origin.auditAs ?? auditActorOf(origin.actor, deps.rolesOf(origin.actor));
  const enrichment = deps.enrichment;

  async function answerLater(
    report: IndicatorReport,
    about: { requestId: string; alertRef?: string },
  ): Promise<QueuedAction | undefined> {
    const limited = rateLimitedSources(report);
    // The console has no conversation to post to later: its card says the source was rate-limiting.
    if (limited.sources.length === 0 || origin.conversationKey === '') return undefined;
    const late: LateEnrichment = {
      indicator: report.indicator,
      sources: limited.sources,
      conversationKey: origin.conversationKey,
      requestId: about.requestId,
      ...(about.alertRef ? { alertRef: about.alertRef } : {}),
    };
    const job = await queueAudited(
      deps,
      enrichmentLateJob,
      late,
      // No conversationKey: the late answer is itself the message to the analyst.
      about.alertRef ? { alertRef: about.alertRef } : {},
      { actor, conversationId: origin.conversationId, notBefore: new Date(Date.now() + limited.waitMs) },
    );
    return { jobId: job.id, description: enrichmentLateJob.describe(late).task };
  }

  async function lookupOne(
    indicator: Indicator,
    about: { requestId: string; alertRef?: string },
  ): Promise<IndicatorAnswer> {
    const shown = defangIndicator(indicator);
    const range = internalRange(indicator, deps.addressRange);
    if (range !== undefined) {
      const what = indicator.kind === 'url' ? 'URL on an internal address' : 'internal address';
      return {
        shown,
        lookedUp: false,
        text: `**${escapeCardMarkdown(shown)}**: ${what} (${range} range), so I did not ask any internet source about it. Your own logs, DHCP and CMDB know it better.`,
      };
    }
    if (!enrichment || enrichment.sources.length === 0) {
      const variables = Object.values(SOURCE_KEY_VARIABLES).join(', ');
      return {
        shown,
        lookedUp: false,
        text: `**${escapeCardMarkdown(shown)}**: no threat-intelligence source is configured here, so I looked nothing up. Set one of ${variables} (see .env.example) and restart socbot.`,
      };
    }
    const report = await enrichment.lookup(indicator, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
    const late = await answerLater(report, about);
    return { shown, lookedUp: true, text: indicatorReportText(report), ...(late ? { late } : {}) };
  }

  /** One indicator's answer; a failure of its own (the outbox cannot be written) is its card, not the reply's end. */
  async function answerFor(
    value: string,
    about: { requestId: string; alertRef?: string },
  ): Promise<IndicatorAnswer> {
    const indicator = indicatorOfSlotValue(value);
    if (!indicator) {
      return {
        shown: value,
        lookedUp: false,
        text: `"${escapeCardMarkdown(value)}" is not an IP, domain, URL or hash.`,
      };
    }
    try {
      return await lookupOne(indicator, about);
    } catch (error) {
      const shown = defangIndicator(indicator);
      return {
        shown,
        lookedUp: false,
        text: `**${escapeCardMarkdown(shown)}**: I could not look it up: ${asSocbotError(error).message} Ask again in a moment.`,
      };
    }
  }

  return {
    async lookup(list, about) {
      const { values, leftOut } = splitIndicatorList(list);
      return { answers: await Promise.all(values.map((value) => answerFor(value, about))), leftOut };
    },
    async incident() {
      if (origin.conversationKey === '') return undefined;
      return deps.rooms.refOfConversation(origin.conversationKey);
    },
  };
}

/**
 * The non-public range an indicator points into: an IP in one, or a URL whose host is one
 * (`http://10.0.0.5/admin` must not reach VirusTotal either); undefined for a public indicator.
 */
function internalRange(
  indicator: Indicator,
  addressRange: (ip: string) => string | undefined,
): string | undefined {
  if (indicator.kind === 'ip') return addressRange(indicator.value);
  if (indicator.kind !== 'url') return undefined;
  const host = URL.canParse(indicator.value) ? new URL(indicator.value).hostname.replace(/^\[|\]$/g, '') : '';
  return isIP(host) !== 0 ? addressRange(host) : undefined;
}
