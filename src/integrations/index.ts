/**
 * Outbound integrations: ticketing, blocking and notification providers, and the read-only
 * indicator enrichment (VirusTotal, AbuseIPDB, GreyNoise, Shodan, MISP). Every operation is one
 * idempotent attempt `(input, { idempotencyKey, signal }) => Promise<result>` that fails with an
 * `IntegrationError` (`retryable`, `retryAfterMs`, `status`); retrying across restarts is the
 * outbox's job.
 */
export type { AlertFacts, AlertPriority } from './alert-facts';
export {
  ackUrl,
  checkAckToken,
  createAckToken,
  describeAckLifetime,
  verifyAckToken,
  ACK_PATH,
  DEFAULT_ACK_TTL_HOURS,
} from './ack-token';
export type { BlockingProvider, BlockRequest, BlockResult } from './blocking/blocking-provider';
export { createIntegrations, type IntegrationDeps, type Integrations } from './create-integrations';
export {
  loadEnrichmentConfig,
  DEFAULT_RATE_PER_MINUTE,
  type EnrichmentConfig,
  type EnrichmentSourceConfig,
} from './enrichment/enrichment-config';
export {
  createEnrichmentService,
  type EnrichmentDeps,
  type EnrichmentService,
} from './enrichment/enrichment-service';
export { ENRICHMENT_SOURCES, SOURCE_KEY_VARIABLES, SOURCE_NAMES } from './enrichment/enrichment-sources';
export type {
  AnsweredReport,
  EnrichmentSource,
  Indicator,
  IndicatorKind,
  IndicatorReport,
  SourceFact,
  SourceReport,
  SourceVerdict,
} from './enrichment/indicator-report';
export { overallVerdict } from './enrichment/overall-verdict';
export { loadIntegrationConfig, type IntegrationConfig } from './integration-config';
export {
  IntegrationError,
  isRetryableIntegrationError,
  type IntegrationFailureKind,
} from './integration-error';
export type { BasisNotice, NoticeAudience } from './notify/basis-notice';
export type { BasisAckSubmit } from './notify/notice-card';
export { noticeAudiences } from './notify/notice-audiences';
export type { Notifier, NotifyResult, NotifyChannel } from './notify/notifier';
export type { ConversationDirectory, ProactiveDelivery, ProactiveMessage } from './notify/proactive-delivery';
export type { Operation, OperationContext } from './operation';
export type { TicketingProvider, TicketResult } from './ticketing/ticketing-provider';
export { signWebhook, verifyWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature';
