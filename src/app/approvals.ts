import { approvalRequired, type ApprovableAction, type ApprovalPolicy } from '../access/approval-policy';
import type { AccessDecision } from '../access/authorize';
import type { Actor } from '../access/actor';
import type { Role } from '../access/roles';
import type { SideEffect } from '../access/side-effects';
import type { AuditActor } from '../audit/audit-entry';
import { approvalCard } from '../conversation/approval-card';
import { auditActorOf } from '../conversation/turn-actor';
import { approvalCardJob } from '../jobs/approval-card-job';
import { approvalOutcomeJob, type ApprovalOutcomeMessage } from '../jobs/approval-outcome-job';
import { blockDescription, blockJobs, type BlockProviderName } from '../jobs/block-job';
import type { Logger } from '../logger';
import type { OutboxJob } from '../outbox/outbox-job';
import type { ApprovalReason, ApprovalRequest, ApprovalRequestLog } from '../store/approval-requests';
import { queueAudited, type AuditedQueueDeps, type QueuedBy } from './audited-queue';

/** How the audit trail names what socbot does on its own (an expiry noticed by the sweep). */
const SOCBOT: AuditActor = { id: 'system', name: 'socbot' };

/** Which approvable action each blocking provider performs. */
const ACTION_OF_PROVIDER: Record<BlockProviderName, ApprovableAction> = {
  webhook: 'block_terminal',
  scim: 'lock_user',
};

/** What the approvals service needs; built once by the composition root. */
export interface ApprovalsDeps extends AuditedQueueDeps {
  requests: ApprovalRequestLog;
  policy: ApprovalPolicy;
  /** The blocking providers configured now (BLOCK). */
  blocking: readonly BlockProviderName[];
  authorize(actor: Actor, action: SideEffect): AccessDecision;
  rolesOf(actor: Actor): Role[];
  /** Every normalized identity a person is known by (src/access/lead-identity.ts). */
  identitiesOf(actor: Actor): string[];
  /**
   * The conversation keys of the incident room of an alert (its Teams thread, its shared Web Chat
   * page), when it has one: the approval card is posted to each of them too, as results and
   * lifecycle changes are. A seam for the incident rooms (issue 13 §2); absent: leads only.
   */
  incidentRoom?: (alertRef: string) => Promise<readonly string[] | undefined>;
  logger: Logger;
}

/** What a block asked for by this person, on this system, may do. */
export type BlockGate =
  | { kind: 'run' }
  | { kind: 'approval'; reason: ApprovalReason }
  | { kind: 'refused'; reason: string; code: string };

/** A block to put before a lead, and where its requester is. */
export interface ApprovalAsk {
  actor: Actor;
  conversationId: string;
  conversationKey: string;
  /** The confirmed form's request id: asking again with it returns the first request. */
  requestId: string;
  reason: ApprovalReason;
  alertRef: string;
  system: string;
  terminal: string;
  username: string;
  ip?: string;
}

/** What pressing Approve or Reject did. */
export type ApprovalDecisionResult =
  | { kind: 'refused'; reason: string }
  | { kind: 'unknown'; approvalId: string }
  | { kind: 'self'; request: ApprovalRequest }
  | { kind: 'already-decided'; request: ApprovalRequest }
  | { kind: 'expired'; request: ApprovalRequest }
  | { kind: 'approved'; request: ApprovalRequest; queued: string[]; notConfigured: string[] }
  | { kind: 'rejected'; request: ApprovalRequest };

/** The two-person rule for blocks: who needs an approval, the request, the decision, the expiry. */
export interface Approvals {
  /** Whether this person may block on this system alone, must ask a lead, or may not ask at all. */
  gateBlock(actor: Actor, system: string): BlockGate;
  /** Records the request (audited) and queues its card to the leads and the incident room. */
  request(
    ask: ApprovalAsk,
    queuedBy?: Pick<QueuedBy, 'onQueued'>,
  ): Promise<{ approval: ApprovalRequest; card: OutboxJob }>;
  /** A lead's Approve or Reject: role-checked, never by the requester, never after expiry, once. */
  decide(input: {
    approvalId: string;
    decision: 'approved' | 'rejected';
    actor: Actor;
    conversationId: string;
  }): Promise<ApprovalDecisionResult>;
  /** Marks requests past their expiry as expired, audits them and tells their requesters. */
  expireDue(): Promise<ApprovalRequest[]>;
}

/**
 * The approvals service (issue 13 §4). A block that the requester may not run alone (an analyst
 * without SOCBOT_ANALYSTS_MAY_BLOCK) or that SOCBOT_APPROVAL_REQUIRED lists for its system becomes
 * a request (`APR-0001`, approvals.json) with an expiry; a card goes to the SOC leads' conversations
 * and the incident room; the first permitted lead other than the requester approves or rejects;
 * only an approval queues the block, keyed by the approval id. Request, decision (or expiry) and
 * the queued block are separate audit entries; the requester is told the decision.
 *
 * @example
 *   const approvals = createApprovals({ requests, policy, blocking: ['webhook'], outbox, jobs, audit, … });
 *   const gate = approvals.gateBlock(actor, 'PRD'); // { kind: 'approval', reason: 'role' }
 *   const { approval } = await approvals.request({ actor, reason: gate.reason, … });
 *   await approvals.decide({ approvalId: approval.id, decision: 'approved', actor: lead, conversationId });
 */
export function createApprovals(deps: ApprovalsDeps): Approvals {
  const actionsOf = (providers: readonly string[]): ApprovableAction[] => [
    ...new Set(providers.filter(isProvider).map((provider) => ACTION_OF_PROVIDER[provider])),
  ];
  const personOf = (actor: Actor): AuditActor => auditActorOf(actor, deps.rolesOf(actor));

  return {
    gateBlock(actor, system) {
      const decision = deps.authorize(actor, 'block_terminal');
      const listed = actionsOf(deps.blocking).some((action) => approvalRequired(deps.policy, action, system));
      if (decision.allowed) return listed ? { kind: 'approval', reason: 'policy' } : { kind: 'run' };
      // Only someone who works alerts may ask: an unknown user (or Basis) is refused as before.
      const mayAsk =
        decision.code === 'ROLE_NOT_PERMITTED' &&
        decision.roles.some((role) => role === 'analyst' || role === 'lead');
      return mayAsk
        ? { kind: 'approval', reason: 'role' }
        : { kind: 'refused', reason: decision.reason, code: decision.code };
    },

    async request(ask, queuedBy) {
      const requester = personOf(ask.actor);
      const { request: approval, created } = await deps.requests.add(
        {
          requestId: ask.requestId,
          actions: actionsOf(deps.blocking),
          providers: [...deps.blocking],
          alertRef: ask.alertRef,
          system: ask.system,
          terminal: ask.terminal,
          username: ask.username,
          ...(ask.ip ? { ip: ask.ip } : {}),
          reason: ask.reason,
          requestedBy: requester,
          requesterIdentities: deps.identitiesOf(ask.actor),
          conversationId: ask.conversationId,
          conversationKey: ask.conversationKey,
        },
        deps.policy.ttlMinutes,
      );
      const willRun = willRunOf(approval);
      if (created) {
        await deps.audit.append({
          actor: requester,
          action: 'approval',
          summary: `ask a SOC lead to approve: ${willRun.join('; ')} on ${approval.system}`,
          result: `requested ${approval.id}`,
          alertRef: approval.alertRef,
          conversationId: ask.conversationId,
          details: {
            approvalId: approval.id,
            reason: approval.reason,
            expiresAt: approval.expiresAt,
            willRun,
          },
        });
      }
      const { text, card } = approvalCard({
        approvalId: approval.id,
        willRun,
        system: approval.system,
        terminal: approval.terminal,
        username: approval.username,
        alertRef: approval.alertRef,
        requestedBy: nameOf(approval.requestedBy),
        why: reasonText(approval.reason),
        expiresAt: approval.expiresAt,
      });
      const rooms = (await deps.incidentRoom?.(approval.alertRef)) ?? [];
      const job = await queueAudited(
        deps,
        approvalCardJob,
        { approvalId: approval.id, text, card, ...(rooms.length > 0 ? { rooms: [...rooms] } : {}) },
        {
          alertRef: approval.alertRef,
          conversationKey: ask.conversationKey,
          userId: ask.actor.aadObjectId ?? ask.actor.id,
        },
        { actor: requester, conversationId: ask.conversationId, ...queuedBy },
      );
      return { approval, card: job };
    },

    async decide({ approvalId, decision, actor, conversationId }) {
      const by = personOf(actor);
      const verb = decision === 'approved' ? 'approve' : 'reject';
      const permission = deps.authorize(actor, 'approve_action');
      if (!permission.allowed) {
        await deps.audit.append({
          actor: by,
          action: 'refusal',
          summary: `${verb} ${approvalId}`,
          result: `refused: ${permission.code}`,
          conversationId,
          details: { approvalId, reason: permission.reason },
        });
        return { kind: 'refused', reason: permission.reason };
      }
      const outcome = await deps.requests.decide(approvalId, {
        decision,
        by,
        byIdentities: deps.identitiesOf(actor),
      });
      switch (outcome.outcome) {
        case 'unknown':
          return { kind: 'unknown', approvalId };
        case 'self':
          await deps.audit.append({
            actor: by,
            action: 'refusal',
            summary: `${verb} ${outcome.request.id}`,
            result: 'refused: SELF_APPROVAL',
            alertRef: outcome.request.alertRef,
            conversationId,
            details: {
              approvalId: outcome.request.id,
              reason: 'the requester cannot decide their own request',
            },
          });
          return { kind: 'self', request: outcome.request };
        case 'expired':
          if (outcome.expiredNow) await expired(outcome.request);
          return { kind: 'expired', request: outcome.request };
        case 'already-decided':
          // Approved, but the process stopped before the block was queued: queue it now (its
          // key is the approval's, so a block queued meanwhile is not queued twice).
          if (outcome.request.status === 'approved' && outcome.request.jobIds === undefined)
            await execute(outcome.request, outcome.request.decidedBy ?? by);
          return { kind: 'already-decided', request: outcome.request };
        case 'decided':
          break;
      }
      const request = outcome.request;
      const willRun = willRunOf(request);
      await deps.audit.append({
        actor: by,
        action: 'approval',
        summary: `${verb} ${request.id}: ${willRun.join('; ')} on ${request.system}, asked by ${nameOf(request.requestedBy)}`,
        result: decision,
        alertRef: request.alertRef,
        conversationId,
        details: { approvalId: request.id, requestedBy: request.requestedBy },
      });
      if (decision === 'rejected') {
        await tell(request, 'rejected', by, [
          `${nameOf(by)} rejected your request ${request.id}: nothing was blocked (${willRun.join('; ')} on ${request.system}, alert ${request.alertRef}).`,
        ]);
        return { kind: 'rejected', request };
      }
      const { queued, notConfigured } = await execute(request, by);
      await tell(request, 'approved', by, [
        `${nameOf(by)} approved your request ${request.id}: ${queued.join('; ') || 'nothing'} on ${request.system} for alert ${request.alertRef} is queued now; I will tell you the result here.`,
        ...notConfigured.map(
          (provider) => `The ${provider} blocking is no longer configured, so it did not run.`,
        ),
      ]);
      return { kind: 'approved', request, queued, notConfigured };
    },

    async expireDue() {
      const expiredNow = await deps.requests.expireDue();
      for (const request of expiredNow) await expired(request);
      return expiredNow;
    },
  };

  /** Queues the approved block once per provider still configured, keyed by the approval. */
  async function execute(
    request: ApprovalRequest,
    approver: AuditActor,
  ): Promise<{ queued: string[]; notConfigured: string[] }> {
    const queued: string[] = [];
    const jobIds: string[] = [];
    const notConfigured: string[] = [];
    for (const provider of request.providers.filter(isProvider)) {
      if (!deps.blocking.includes(provider)) {
        notConfigured.push(provider);
        continue;
      }
      const payload = {
        terminal: request.terminal,
        username: request.username,
        ...(request.ip ? { ip: request.ip } : {}),
        alertRef: request.alertRef,
        requestedBy: nameOf(request.requestedBy),
        approvalId: request.id,
      };
      // Reported to the requester's conversation: the block is theirs, the lead only allowed it.
      const job = await queueAudited(
        deps,
        blockJobs[provider],
        payload,
        {
          alertRef: request.alertRef,
          conversationKey: request.conversationKey,
          userId: request.requestedBy.id,
        },
        { actor: approver, conversationId: request.conversationId },
      );
      jobIds.push(job.id);
      queued.push(blockJobs[provider].describe(payload).task);
    }
    await deps.requests.markQueued(request.id, jobIds);
    return { queued, notConfigured };
  }

  async function expired(request: ApprovalRequest): Promise<void> {
    await deps.audit.append({
      actor: SOCBOT,
      action: 'approval',
      summary: `${request.id} expired without a decision: ${willRunOf(request).join('; ')} on ${request.system}`,
      result: 'expired',
      alertRef: request.alertRef,
      conversationId: request.conversationId,
      details: { approvalId: request.id, expiresAt: request.expiresAt },
    });
    await tell(request, 'expired', SOCBOT, [
      `Your request ${request.id} (${willRunOf(request).join('; ')} on ${request.system}, alert ${request.alertRef}) expired at ${request.expiresAt.slice(0, 16).replace('T', ' ')} UTC without a lead's decision: nothing was blocked. Ask again if it is still needed.`,
    ]);
  }

  async function tell(
    request: ApprovalRequest,
    outcome: ApprovalOutcomeMessage['outcome'],
    by: AuditActor,
    lines: string[],
  ): Promise<void> {
    if (request.conversationKey === '') return;
    await queueAudited(
      deps,
      approvalOutcomeJob,
      { approvalId: request.id, outcome, conversationKey: request.conversationKey, text: lines.join(' ') },
      { alertRef: request.alertRef },
      { actor: by },
    );
  }
}

/** What the request lets run, one entry per provider: "block terminal PC-0815 (block webhook)". */
export function willRunOf(request: Pick<ApprovalRequest, 'providers' | 'terminal' | 'username'>): string[] {
  return request.providers
    .filter(isProvider)
    .map((provider) => `block ${blockDescription(provider, request.terminal, request.username)}`);
}

function reasonText(reason: ApprovalReason): string {
  return reason === 'role'
    ? "the requester's role may not block alone"
    : 'SOCBOT_APPROVAL_REQUIRED lists this action on this system';
}

function nameOf(person: AuditActor): string {
  return person.name ?? person.id;
}

function isProvider(name: string): name is BlockProviderName {
  return name === 'webhook' || name === 'scim';
}
