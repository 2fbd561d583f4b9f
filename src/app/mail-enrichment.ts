import type { EnrichmentService } from '../integrations/enrichment/enrichment-service';
import type { IndicatorReport } from '../integrations/enrichment/indicator-report';
import { indicatorReportText, rateLimitedSources } from '../integrations/enrichment/indicator-report-text';
import { stillRateLimited } from '../integrations/enrichment/still-rate-limited';
import { keyHash } from '../integrations/idempotency-key';
import type { MailEnricher } from '../jobs/mail-enrichment-job';

/** What recording a mail's look-ups needs. */
export interface MailEnricherDeps {
  enrichment: EnrichmentService;
  /** Queues the verdicts as a note on the alert's ticket (keyed by `requestId`); absent: no ticketing here. */
  ticketNote?(ref: string, text: string, requestId: string): Promise<unknown>;
}

/**
 * Looks up a mail's indicators one after the other (the shared service caches and rate-limits)
 * and queues their cards, in plain text, as one note on the alert's ticket (keyed by the job's
 * key). While `waitForRateLimits`, a rate-limiting source fails the attempt retryably with its
 * wait; after that the cards say which source to ask later, as for a SIEM alert's IP.
 *
 * @example
 *   const enricher = createMailEnricher({ enrichment, ticketNote });
 *   await enricher.enrich({ ref, route: 'phishing', indicators }, { key, signal, waitForRateLimits: true });
 */
export function createMailEnricher(deps: MailEnricherDeps): MailEnricher {
  return {
    async enrich(request, { key, signal, waitForRateLimits }) {
      const reports: IndicatorReport[] = [];
      for (const indicator of request.indicators) {
        reports.push(await deps.enrichment.lookup(indicator, { signal }));
      }
      const limited = reports.map(rateLimitedSources).filter((one) => one.sources.length > 0);
      if (limited.length > 0 && waitForRateLimits) {
        throw stillRateLimited({
          sources: [...new Set(limited.flatMap((one) => one.sources))],
          waitMs: Math.max(...limited.map((one) => one.waitMs)),
        });
      }
      const summary = reports
        .map((report) => indicatorReportText(report, { answerFollows: false }))
        .join('\n\n');
      const plain = reports
        .map((report) => indicatorReportText(report, { answerFollows: false, plain: true }))
        .join('\n\n');
      await deps.ticketNote?.(
        request.ref,
        `Threat intelligence on the mail's indicators:\n${plain}`,
        `mailenrich-${keyHash(key)}`,
      );
      return { summary };
    },
  };
}
