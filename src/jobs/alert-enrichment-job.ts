import { z } from 'zod';
import { defangIndicator } from '../integrations/enrichment/indicator-report-text';
import { deliverToConversations } from '../integrations/notify/conversation-delivery';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'enrich.alert';
const SERVICE = 'soc-teams';

/** A SIEM alert's IP to look up at the threat-intelligence sources. */
export interface AlertEnrichment {
  ref: string;
  ip: string;
}

const alertEnrichmentSchema = z.object({
  ref: z.string().min(1),
  ip: z.string().min(1).max(64),
}) satisfies z.ZodType<AlertEnrichment>;

/** The verdict as it was recorded and posted. */
export interface AlertEnrichmentResult {
  verdict: string;
  /** The card's text: the overall line and one line per source. */
  summary: string;
  /** SOC conversations that got it (0: none is registered; the note and the ticket have it). */
  delivered: number;
}

const resultSchema = z.object({
  verdict: z.string(),
  summary: z.string(),
  delivered: z.number(),
}) satisfies z.ZodType<AlertEnrichmentResult>;

/**
 * What recording a verdict on an alert does (src/app/alert-enrichment.ts): look the IP up (cached),
 * write it as a note on the alert and queue it as a note on the alert's ticket. Throws a retryable
 * IntegrationError while a source is rate-limiting us.
 */
export interface AlertEnricher {
  enrich(
    alert: AlertEnrichment,
    about: { key: string; signal: AbortSignal; waitForRateLimits: boolean },
  ): Promise<{ verdict: string; summary: string }>;
}

/**
 * Attempts that wait for a rate-limiting source; the next one records what the others said. A burst
 * of SIEM alerts must not exhaust the outbox's attempts (and give the verdict up) on VirusTotal's
 * 4 look-ups a minute.
 */
export const RATE_LIMIT_WAITING_ATTEMPTS = 3;

/**
 * Enriches a SIEM alert that carries an IP (issue 14 §2): the verdict of the configured sources goes
 * onto the alert (a note: `socbot alerts`, the look-up and the timeline show it), onto its ticket
 * (a ticket note), after the SIEM card into the SOC conversations and, through the room outcomes,
 * into the incident's room. The card itself is posted at once and never waits for the sources.
 * Every step is keyed by this job's key, so a retry records and posts nothing twice.
 *
 * @example
 *   await jobs.queue(outbox, alertEnrichmentJob, { ref: 'SOC-2026-0001', ip: '185.220.101.4' }, { alertRef: 'SOC-2026-0001' });
 */
export const alertEnrichmentJob = defineJobKind<AlertEnrichment, AlertEnrichmentResult>({
  type: TYPE,
  payload: alertEnrichmentSchema,
  result: resultSchema,
  permission: 'enrich_indicator',
  key: (alert) => idempotencyKeyOf(alert.ref, TYPE, alert.ip),
  wording: (alert) => ({
    task: `look up ${defangIndicator({ kind: 'ip', value: alert.ip })} of ${alert.ref} at the threat-intelligence sources`,
    success: (result) => `Threat intelligence on ${alert.ref}:\n${result.summary}`,
  }),
  handler: ({ delivery, conversations, alertEnricher }) =>
    alertEnricher === undefined
      ? undefined
      : async (alert, context) => {
          const { verdict, summary } = await alertEnricher.enrich(alert, {
            key: context.idempotencyKey,
            signal: context.signal,
            waitForRateLimits: context.attempt <= RATE_LIMIT_WAITING_ATTEMPTS,
          });
          const keys = await conversations.list('soc');
          if (keys.length === 0) return { verdict, summary, delivered: 0 };
          const { delivered } = await deliverToConversations({
            service: SERVICE,
            delivery,
            conversations: keys,
            message: { text: `Threat intelligence on ${alert.ref}:\n${summary}` },
            progress: context.progress,
            signal: context.signal,
            saveProgress: context.saveProgress,
          });
          return { verdict, summary, delivered };
        },
});
