import type { Actor } from '../access/actor';
import type { AccessDecision } from '../access/authorize';
import type { Role } from '../access/roles';
import type { SideEffect } from '../access/side-effects';
import type { AuditActor } from '../audit/audit-entry';
import type { AuditTrail } from '../audit/audit-trail';
import { parseAlertPriority, type AlertFacts } from '../integrations/alert-facts';
import type { Integrations } from '../integrations/create-integrations';
import type { BasisNotice } from '../integrations/notify/basis-notice';
import { blockDescription, blockJobs } from '../jobs/block-job';
import type { JobKind } from '../jobs/job-kind';
import type { JobKindRegistry } from '../jobs/job-kind-registry';
import { noticeJobFor } from '../jobs/notice-job';
import { ticketJob } from '../jobs/ticket-job';
import type { Outbox } from '../outbox/outbox';
import type { OutboxJob } from '../outbox/outbox-job';
import type { ActionServices, GuardedBlock, NoticeRequest, QueuedAction } from '../skills/types';
import { approvalCardJob } from '../jobs/approval-card-job';
import type { Approvals } from './approvals';
import { auditActorOf } from '../conversation/turn-actor';
import { queueAudited } from './audited-queue';
import type { Escalation } from './escalation';
import type { EscalationSettings } from './escalation-settings';
import { raisePriority } from './priority-raise';
import { escalationAudiences } from '../integrations/notify/notice-audiences';
import { queuedActionOf, type OutcomeReports } from './outcome-reports';

/** What every turn's action services share. */
export interface ActionServicesDeps {
  outbox: Outbox;
  /** The job kinds the outbox runs (src/jobs/job-kinds.ts). */
  jobs: JobKindRegistry;
  integrations: Integrations;
  authorize(actor: Actor, action: SideEffect): AccessDecision;
  rolesOf(actor: Actor): Role[];
  audit: AuditTrail;
  reports: OutcomeReports;
  /** How long a turn waits for its side effects before answering "on it" (SOCBOT_ACK_WAIT_MS). */
  ackWindowMs: number;
  /**
   * The two-person rule for blocks (src/app/approvals.ts). Absent (tests that wire the services by
   * hand): `blockWithApproval` blocks whoever may block and refuses everyone else, as before.
   */
  approvals?: Approvals;
  /** P1/P2 escalation (src/app/escalation.ts). */
  escalation: Escalation;
  /** SOCBOT_CRITICAL_SYSTEMS, SOCBOT_VIP_USERS: what raises a priority at registration. */
  escalationSettings: Pick<EscalationSettings, 'criticalSystems' | 'vipUsers'>;
}

/** Who asked, and where the outcome goes. */
export interface ActionOrigin {
  actor: Actor;
  conversationId: string;
  /** The conversation directory key, for the proactive report of a late outcome. */
  conversationKey: string;
  /** How the audit trail names a non-human caller (the SIEM intake); default: the actor and their roles. */
  auditAs?: AuditActor;
}

/**
 * The side-effect services of one turn (SkillServices.actions): permission checks that audit every
 * refusal, and outbound calls written to the outbox (audited as `call`) with idempotency keys from
 * alert, operation and target, then reported within the acknowledgement window or later.
 *
 * @example
 *   const actions = createActionServices(deps, { actor, conversationId, conversationKey });
 *   const ticket = await actions.createTicket(alert);
 *   const lines = ticket ? await actions.report([ticket]) : [];
 */
export function createActionServices(deps: ActionServicesDeps, origin: ActionOrigin): ActionServices {
  const { integrations, audit } = deps;
  const roles = deps.rolesOf(origin.actor);
  const actor = origin.auditAs ?? auditActorOf(origin.actor, roles);
  const requestedBy = origin.actor.name ?? origin.actor.id;

  async function enqueue<P, R>(
    kind: JobKind<P, R>,
    payload: NoInfer<P>,
    alertRef: string,
    requestId?: string,
  ): Promise<QueuedAction> {
    const jobOrigin = {
      alertRef,
      conversationKey: origin.conversationKey,
      userId: origin.actor.aadObjectId ?? origin.actor.id,
      ...(requestId !== undefined ? { requestId } : {}),
    };
    const job = await queueAudited(deps, kind, payload, jobOrigin, {
      actor,
      conversationId: origin.conversationId,
      // Held for this turn's answer at once: a fast provider may settle it before `report` waits.
      onQueued: hold,
    });
    return queuedActionOf(job, kind.describe(payload).task);
  }

  const hold = (queued: OutboxJob): void => {
    if (origin.conversationKey !== '') deps.reports.hold(queued.id);
  };

  const services: ActionServices = {
    async authorize(permission, about) {
      const decision = deps.authorize(origin.actor, permission);
      if (decision.allowed) return { allowed: true };
      await audit.append({
        actor,
        action: 'refusal',
        summary: about.summary,
        result: `refused: ${decision.code}`,
        ...(about.alertRef ? { alertRef: about.alertRef } : {}),
        conversationId: origin.conversationId,
        details: { permission, reason: decision.reason },
      });
      return { allowed: false, reason: decision.reason };
    },

    configured: {
      ticketing: integrations.ticketing?.name,
      blocking: integrations.blocking.map((provider) => provider.name),
      noticeChannels: (priority) =>
        integrations
          .notifiersFor(parseAlertPriority(priority) ?? 'P3')
          .map((notifier) => `${notifier.audience} by ${notifier.channel}`),
      escalationChannels: (priority) => {
        const level = parseAlertPriority(priority) ?? 'P3';
        const audiences = new Set([
          ...escalationAudiences(level, 'first'),
          ...escalationAudiences(level, 'reminder'),
        ]);
        return [...audiences].flatMap((audience) =>
          (audience === 'leads' ? integrations.leadsNotifiers : integrations.execNotifiers).map(
            (notifier) => `${audience === 'leads' ? 'leads' : 'executives'} by ${notifier.channel}`,
          ),
        );
      },
    },

    priorityFor: (alert) => raisePriority(deps.escalationSettings, alert),

    async escalate(alert) {
      const jobs = await deps.escalation.start(alert, {
        actor,
        conversationId: origin.conversationId,
        ...(origin.conversationKey !== '' ? { conversationKey: origin.conversationKey } : {}),
        userId: origin.actor.aadObjectId ?? origin.actor.id,
        // Held for this turn's answer, as enqueue does: a fast provider may settle before `report` waits.
        onQueued: (job) => {
          if (origin.conversationKey !== '') deps.reports.hold(job.id);
        },
      });
      return jobs.map((job) => queuedActionOf(job, deps.jobs.wordingOf(job).task));
    },

    async createTicket(alert) {
      if (!integrations.ticketing) return undefined;
      const facts: AlertFacts = {
        ref: alert.ref,
        alertId: alert.alertId,
        priority: parseAlertPriority(alert.priority) ?? 'P3',
        terminal: alert.terminal,
        username: alert.username,
        system: alert.system,
        ...(alert.client ? { client: alert.client } : {}),
        requestedBy: alert.createdBy,
      };
      // With the alert's request id: an alert the register loses is rebuilt from this job with it,
      // so a replay of that request finds the alert instead of registering it again.
      return enqueue(ticketJob, facts, alert.ref, alert.requestId);
    },

    async block(target) {
      const queued: QueuedAction[] = [];
      for (const provider of integrations.blocking) {
        const request = {
          terminal: target.terminal,
          username: target.username,
          ...(target.ip ? { ip: target.ip } : {}),
          alertRef: target.alertRef,
          requestedBy,
        };
        const action = await enqueue(blockJobs[provider.name], request, target.alertRef);
        // Queued, not yet done: the Basis notice says "requested", never more than is known.
        queued.push({
          ...action,
          description: `${blockDescription(provider.name, target.terminal, target.username)}, requested`,
        });
      }
      return queued;
    },

    async blockWithApproval(target): Promise<GuardedBlock> {
      const summary = `block terminal ${target.terminal}`;
      const approvals = deps.approvals;
      if (!approvals) {
        const allowed = await services.authorize('block_terminal', { summary, alertRef: target.alertRef });
        return allowed.allowed
          ? { kind: 'queued', queued: await services.block(target) }
          : { kind: 'refused', reason: allowed.reason };
      }
      const gate = approvals.gateBlock(origin.actor, target.system);
      switch (gate.kind) {
        case 'run':
          return { kind: 'queued', queued: await services.block(target) };
        case 'refused':
          await audit.append({
            actor,
            action: 'refusal',
            summary,
            result: `refused: ${gate.code}`,
            alertRef: target.alertRef,
            conversationId: origin.conversationId,
            details: { permission: 'block_terminal', reason: gate.reason },
          });
          return { kind: 'refused', reason: gate.reason };
        case 'approval': {
          const { approval, card } = await approvals.request(
            {
              actor: origin.actor,
              conversationId: origin.conversationId,
              conversationKey: origin.conversationKey,
              requestId: target.requestId,
              reason: gate.reason,
              alertRef: target.alertRef,
              system: target.system,
              terminal: target.terminal,
              username: target.username,
              ...(target.ip ? { ip: target.ip } : {}),
            },
            { onQueued: hold },
          );
          return {
            kind: 'awaiting-approval',
            approvalId: approval.id,
            expiresAt: approval.expiresAt,
            reason: gate.reason,
            queued: [{ jobId: card.id, description: approvalCardJob.wordingOf(card).task }],
          };
        }
      }
    },

    async notify(request) {
      const queued: QueuedAction[] = [];
      for (const notifier of integrations.notifiersFor(parseAlertPriority(request.priority) ?? 'P3')) {
        const kind = noticeJobFor(notifier.audience, notifier.channel);
        if (!kind) continue;
        const notice = noticeOf(request, notifier.audience, requestedBy);
        queued.push(await enqueue(kind, notice, request.alertRef));
      }
      return queued;
    },

    report: (actions) =>
      actions.length === 0 ? Promise.resolve([]) : deps.reports.waitAndDescribe(actions, deps.ackWindowMs),
  };
  return services;
}

function noticeOf(
  request: NoticeRequest,
  audience: BasisNotice['audience'],
  requestedBy: string,
): BasisNotice {
  return {
    audience,
    ref: request.alertRef,
    alertId: request.alertId,
    priority: parseAlertPriority(request.priority) ?? 'P3',
    terminal: request.terminal,
    username: request.username,
    system: request.system,
    ...(request.client ? { client: request.client } : {}),
    ...(request.ip ? { ip: request.ip } : {}),
    blocked: request.blocked,
    requestedBy,
  };
}
