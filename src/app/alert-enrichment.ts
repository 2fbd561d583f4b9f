import { isSocbotError } from '../errors';
import type { EnrichmentService } from '../integrations/enrichment/enrichment-service';
import { indicatorReportText, rateLimitedSources } from '../integrations/enrichment/indicator-report-text';
import { stillRateLimited } from '../integrations/enrichment/still-rate-limited';
import { keyHash } from '../integrations/idempotency-key';
import type { AlertEnricher } from '../jobs/alert-enrichment-job';
import type { Logger } from '../logger';
import type { AlertChangeRequest } from '../store/alert-change';

/** Who the register and the ticket name as the author of an enrichment note. */
const ENRICHMENT_AUTHOR = 'socbot (threat intelligence)';

/** What recording a SIEM alert's enrichment needs. */
export interface AlertEnricherDeps {
  enrichment: EnrichmentService;
  alerts: { change(request: AlertChangeRequest): Promise<unknown> };
  /** Queues the verdict as a note on the alert's ticket (keyed by `requestId`); absent: no ticketing here. */
  ticketNote?(ref: string, text: string, requestId: string): Promise<unknown>;
  logger: Logger;
}

/**
 * Looks a SIEM alert's IP up and records the verdict: a note on the alert (one per job key: the
 * register skips a request id it has) and a note on its ticket (keyed the same way). A source still
 * rate-limiting us fails the attempt retryably with its wait (the outbox asks again then) while
 * `waitForRateLimits`; after that the verdict is recorded from the others, its overall line
 * "incomplete" and the source's line saying to ask later. A source that failed for good is said on
 * the card ("no answer"), not waited for.
 *
 * @example
 *   const enricher = createAlertEnricher({ enrichment, alerts: store.alerts, logger });
 *   await enricher.enrich({ ref: 'SOC-2026-0001', ip: '185.220.101.4' }, { key, signal });
 */
export function createAlertEnricher(deps: AlertEnricherDeps): AlertEnricher {
  return {
    async enrich(alert, { key, signal, waitForRateLimits }) {
      const report = await deps.enrichment.lookup({ kind: 'ip', value: alert.ip }, { signal });
      const limited = rateLimitedSources(report);
      if (limited.sources.length > 0 && waitForRateLimits) {
        throw stillRateLimited(limited);
      }
      // Past the waiting attempts the verdict is what the others said, and says which source to ask later.
      const summary = indicatorReportText(report, { answerFollows: false });
      const note = `Threat intelligence on ${alert.ip}: ${report.overall.line}`;
      try {
        await deps.alerts.change({
          ref: alert.ref,
          action: 'note',
          by: ENRICHMENT_AUTHOR,
          requestId: key,
          note,
        });
      } catch (error) {
        // A closed alert takes no note: the verdict still goes to the ticket and the SOC.
        if (!isSocbotError(error) || error.code !== 'INPUT_INVALID') throw error;
        deps.logger.warn(
          { ref: alert.ref, reason: error.message },
          'the enrichment note was not added to the alert',
        );
      }
      // The ticket update's key holds its request id cut to 40 characters: a digest keeps IPv6 keys apart.
      // Plain text on the ticket: each provider escapes for its own format (chat markdown would show as \[.\]).
      const ticketText = indicatorReportText(report, { answerFollows: false, plain: true });
      await deps.ticketNote?.(alert.ref, ticketText, `enrich-${keyHash(key)}`);
      return { verdict: report.overall.verdict, summary };
    },
  };
}
