import type { AuditRecord } from '../../audit/audit-entry';
import type { AlertPriority } from '../../store/alert-register';
import type { DeliveryReplayGuard } from './delivery-replay-guard';

/**
 * What a SIEM told socbot about one triggered alert, validated and normalised (SIDs and SAP users
 * upper-case, priority P1..P5, IPs normalised, free text bounded and without control characters).
 * Only `alertId` is guaranteed: a SIEM rule does not always know the terminal or the user.
 *
 * @example
 *   { alertId: '4711', priority: 'P2', terminal: 'PC-0815', username: 'DDIC', system: 'PRD', client: '100',
 *     ip: '10.20.30.40', title: 'Debugging in production', description: '…', source: 'sap-etd' }
 */
export interface SiemAlertFacts {
  /** The alert's ID in the SIEM (an ETD alert number, a Splunk search id…). */
  alertId: string;
  priority?: AlertPriority;
  /** The attacker's terminal (host name or IP, as SAP logs it). */
  terminal?: string;
  /** The SAP user involved. */
  username?: string;
  /** SAP system ID, e.g. `PRD`. */
  system?: string;
  /** SAP client, e.g. `100`. */
  client?: string;
  ip?: string;
  /** The SIEM's one-line name of the alert or pattern (at most 256 characters). */
  title?: string;
  /** The SIEM's free text (at most 4000 characters, line breaks kept). */
  description?: string;
  /** Which SIEM sent it: the body's `source`, else `sap-etd` for the ETD shape, else `siem`. */
  source: string;
}

/** What {@link SiemIntakeDeps.registerAlert} answers. */
export interface RegisteredSiemAlert {
  /** socbot's reference, `SOC-2026-0001`. */
  ref: string;
  /** False when the same `idempotencyKey` was registered before (a SIEM retry): `ref` is the earlier one. */
  created: boolean;
}

/** What the SOC conversation gets: the facts, socbot's reference and the card to post. */
export interface SiemAlertPost {
  ref: string;
  facts: SiemAlertFacts;
  /** The Adaptive Card (1.4) with "Inform Basis and block" and "False positive"; post it as an attachment. */
  card: Record<string, unknown>;
  /** A plain-text line for channels or notifications that show no card. */
  text: string;
  /** Same for every delivery of one alert (`siem-card:<ref>`): enqueue with it so the card is posted once. */
  idempotencyKey: string;
}

/**
 * What the SIEM intake route needs from the composition root (src/app/). Every call is made after
 * the request was authenticated and validated.
 */
export interface SiemIntakeDeps {
  /**
   * Registers the alert (and, through the outbox, its ticket) exactly once per `idempotencyKey`
   * (`siem:<source>:<alertId>`): a second call with the same key returns the first `ref` with
   * `created: false`. Must not wait for the ticket: the SIEM gets its answer within seconds.
   */
  registerAlert(
    facts: SiemAlertFacts,
    meta: { source: string; idempotencyKey: string },
  ): Promise<RegisteredSiemAlert>;
  /**
   * Queues the card for the SOC conversation (the outbox) and resolves once it is queued durably,
   * not once it is delivered. Called for every accepted delivery, retries included, so that a card
   * whose first queueing failed is not lost: it must be idempotent on `post.idempotencyKey`.
   */
  postAlertToSoc(post: SiemAlertPost): Promise<void>;
  /** Appends to the audit trail (actor `{ id: 'system', name: 'siem' }`). */
  audit(entry: AuditRecord): Promise<void>;
  /**
   * The replay guard remembering deliveries for `rememberMs`; absent: one in this process. With
   * replicas, one they share (a replay that lands on another replica is caught too).
   */
  replayGuard?(rememberMs: number): DeliveryReplayGuard<RegisteredSiemAlert>;
}

/** Settings of the SIEM intake route, from the environment. */
export interface SiemIntakeOptions {
  /** SIEM_WEBHOOK_SECRET; empty or absent → the route answers 503 and accepts nothing. */
  secret: string | undefined;
  /** How far a signed timestamp may be from now, either way (default 300 s). */
  maxSkewSeconds?: number;
  /** Largest accepted body (default 64 KB). */
  maxBodyBytes?: number;
  /** The clock, for tests. */
  now?: () => Date;
}
