import type { AuditActor } from '../audit/audit-entry';
import type { AuditTrail } from '../audit/audit-trail';
import { parseAlertPriority } from '../integrations/alert-facts';
import type { Integrations } from '../integrations/create-integrations';
import { recipientTag } from '../integrations/escalation-ack-token';
import type { BasisNotice, EscalationTier } from '../integrations/notify/basis-notice';
import { escalationAudiences, type EscalationAudience } from '../integrations/notify/notice-audiences';
import type { Notifier } from '../integrations/notify/notifier';
import { escalationNoticeJob, type EscalationStatus } from '../jobs/escalation-notice-job';
import {
  escalationTimerJob,
  type EscalationTimer,
  type EscalationTimerResult,
} from '../jobs/escalation-timer-job';
import type { JobKindRegistry } from '../jobs/job-kind-registry';
import type { Outbox } from '../outbox/outbox';
import type { JobOrigin, OutboxJob } from '../outbox/outbox-job';
import type { AlertRecord } from '../store/alert-register';
import type { AlertStore } from '../store/alert-store';
import type { EscalationAck, EscalationAckLog } from '../store/escalation-acks';
import { queueAudited, type QueuedBy } from './audited-queue';
import type { EscalationSettings } from './escalation-settings';

/** How the audit trail names the escalation acting on its own (the timer). */
const ESCALATION_ACTOR: AuditActor = { id: 'system', name: 'socbot escalation' };

/** What the escalation needs; built once by the composition root. */
export interface EscalationDeps {
  outbox: Outbox;
  jobs: JobKindRegistry;
  integrations: Pick<Integrations, 'leadsNotifiers' | 'execNotifiers'>;
  alerts: Pick<AlertStore, 'view'>;
  acks: EscalationAckLog;
  audit: Pick<AuditTrail, 'append'>;
  settings: Pick<EscalationSettings, 'escalateAfterMs'>;
  now?: () => Date;
}

/** Who registered the alert, so the outcomes of its escalation jobs are reported there. */
export interface EscalationOrigin {
  actor: AuditActor;
  conversationId?: string;
  /** The conversation directory key of the analyst's conversation (absent for the SIEM intake). */
  conversationKey?: string;
  userId?: string;
  /** Called as each first-tier notice is queued (a turn holds it for its answer). */
  onQueued?(job: OutboxJob): void;
}

/** What acknowledging an escalation did. */
export type EscalationAckOutcome =
  | { status: 'acknowledged'; ack: EscalationAck }
  | { status: 'already-acknowledged'; ack: EscalationAck }
  /** No registered alert with this reference. */
  | { status: 'not-found' };

/** The escalation of P1/P2 alerts (docs/escalation.md). */
export interface Escalation extends EscalationTimer, EscalationStatus {
  /**
   * Starts the escalation of a registered alert: queues the first tier's notices (one job per
   * recipient) and the persisted timer of the next tier. Nothing for P3–P5. Idempotent: every job
   * is keyed by alert, tier and recipient, so a SIEM retry or a replayed registration adds nothing.
   * Returns the notice jobs (for the analyst's answer).
   */
  start(alert: AlertRecord, origin: EscalationOrigin): Promise<OutboxJob[]>;
  /**
   * Records an acknowledgement (the first counts) and audits it; the timer then stops there.
   * `by` names the recipient whose link was used, or the chat user.
   */
  acknowledge(input: {
    ref: string;
    by: string;
    via: EscalationAck['via'];
    actor: AuditActor;
    details?: Record<string, unknown>;
  }): Promise<EscalationAckOutcome>;
  /**
   * The configured recipient an acknowledge link's `r=` names, or undefined: only a recipient
   * configured now may acknowledge (a number taken out of EXEC_SMS_TO can no longer).
   */
  recipientOfTag(tag: string): string | undefined;
}

/**
 * The escalation policy on the outbox: tiers from {@link escalationAudiences}, one notice job per
 * recipient and tier (`escalate.notice`), the timer as one persisted `escalate.next` job per alert
 * with `notBefore` = now + SOCBOT_ESCALATE_AFTER_MINUTES. The timer decides when it fires: an
 * acknowledged or closed alert stops there; a reminder notice still retrying looks again before
 * each attempt (`endedBecause`).
 *
 * @example
 *   const escalation = createEscalation({ outbox, jobs, integrations, alerts, acks, audit, settings });
 *   await escalation.start(alert, { actor, conversationKey });
 */
export function createEscalation(deps: EscalationDeps): Escalation {
  const now = deps.now ?? (() => new Date());
  const notifiersOf = (audience: EscalationAudience): Notifier[] =>
    audience === 'leads' ? deps.integrations.leadsNotifiers : deps.integrations.execNotifiers;

  async function queueTier(
    alert: AlertRecord,
    tier: EscalationTier,
    origin: JobOrigin,
    by: QueuedBy,
  ): Promise<OutboxJob[]> {
    const priority = parseAlertPriority(alert.priority);
    if (!priority) return [];
    const at = now().toISOString();
    const queued: OutboxJob[] = [];
    for (const audience of escalationAudiences(priority, tier)) {
      for (const notifier of notifiersOf(audience)) {
        const notice: BasisNotice = {
          audience,
          ref: alert.ref,
          alertId: alert.alertId,
          priority,
          terminal: alert.terminal,
          username: alert.username,
          system: alert.system,
          ...(alert.client ? { client: alert.client } : {}),
          ...(alert.ip ? { ip: alert.ip } : {}),
          ...(alert.title ? { title: alert.title } : {}),
          blocked: [],
          requestedBy: alert.createdBy,
          escalation: {
            tier,
            at,
            ...(tier === 'reminder'
              ? { unacknowledgedMinutes: Math.round(deps.settings.escalateAfterMs / 60_000) }
              : {}),
            ...(alert.priorityRaisedBecause ? { liftedBecause: alert.priorityRaisedBecause } : {}),
          },
        };
        queued.push(
          await queueAudited(
            deps,
            escalationNoticeJob,
            { notice, recipient: notifier.recipient, channel: notifier.channel },
            origin,
            by,
          ),
        );
      }
    }
    return queued;
  }

  /** What has ended the escalation of `ref`: an acknowledgement or a close; undefined while it runs. */
  async function endOf(
    ref: string,
  ): Promise<{ outcome: 'acknowledged'; by: string } | { outcome: 'closed' } | undefined> {
    const ack = await deps.acks.of(ref);
    if (ack) return { outcome: 'acknowledged', by: ack.by };
    const alert = await deps.alerts.view(ref);
    if (alert?.ref === ref.toUpperCase() && alert.status === 'closed') return { outcome: 'closed' };
    return undefined;
  }

  return {
    async start(alert, origin) {
      const priority = parseAlertPriority(alert.priority);
      if (!priority || escalationAudiences(priority, 'first').length === 0) return [];
      // Nobody to escalate to: no timer either (it could only find nobody when it fires).
      if (deps.integrations.leadsNotifiers.length + deps.integrations.execNotifiers.length === 0) return [];
      const jobOrigin: JobOrigin = {
        alertRef: alert.ref,
        ...(origin.conversationKey ? { conversationKey: origin.conversationKey } : {}),
        ...(origin.userId ? { userId: origin.userId } : {}),
      };
      const by: QueuedBy = {
        actor: origin.actor,
        ...(origin.conversationId ? { conversationId: origin.conversationId } : {}),
        ...(origin.onQueued ? { onQueued: origin.onQueued } : {}),
      };
      const notices = await queueTier(alert, 'first', jobOrigin, by);
      await queueAudited(deps, escalationTimerJob, { ref: alert.ref }, jobOrigin, {
        actor: origin.actor,
        ...(origin.conversationId ? { conversationId: origin.conversationId } : {}),
        notBefore: new Date(Date.parse(alert.createdAt) + deps.settings.escalateAfterMs),
      });
      return notices;
    },

    async fire(ref): Promise<EscalationTimerResult> {
      const ended = await endOf(ref);
      if (ended) return { ...ended, queued: 0 };
      const alert = await deps.alerts.view(ref);
      if (!alert || alert.ref !== ref.toUpperCase()) return { outcome: 'not-escalated', queued: 0 };
      // Reported to nobody in particular: the tier's notices are the message.
      const record: AlertRecord = { ...alert, status: 'registered' };
      const queued = await queueTier(
        record,
        'reminder',
        { alertRef: alert.ref },
        { actor: ESCALATION_ACTOR },
      );
      return queued.length > 0
        ? { outcome: 'escalated', queued: queued.length }
        : { outcome: 'not-escalated', queued: 0 };
    },

    async endedBecause(ref) {
      const ended = await endOf(ref);
      if (!ended) return undefined;
      const alertRef = ref.toUpperCase();
      return ended.outcome === 'acknowledged'
        ? `${alertRef} was acknowledged by ${ended.by}`
        : `${alertRef} is closed`;
    },

    async acknowledge({ ref, by, via, actor, details }) {
      const alert = await deps.alerts.view(ref);
      if (!alert || alert.ref !== ref.toUpperCase()) {
        await deps.audit.append({
          actor,
          action: 'refusal',
          summary: `acknowledge the escalation of ${ref}`,
          result: 'no such alert',
          details: { via, by, ...details },
        });
        return { status: 'not-found' };
      }
      const { ack, first } = await deps.acks.acknowledge(alert.ref, { by, via, at: now().toISOString() });
      await deps.audit.append({
        actor,
        action: 'acknowledgement',
        summary: `acknowledge the escalation of ${alert.ref}`,
        result: first ? 'acknowledged: escalation stopped' : `already acknowledged by ${ack.by}`,
        alertRef: alert.ref,
        details: { via, by, ...details },
      });
      return first ? { status: 'acknowledged', ack } : { status: 'already-acknowledged', ack };
    },

    recipientOfTag(tag) {
      return [...deps.integrations.leadsNotifiers, ...deps.integrations.execNotifiers]
        .map((notifier) => notifier.recipient)
        .find((recipient) => recipientTag(recipient) === tag);
    },
  };
}
