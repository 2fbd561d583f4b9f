import type { Actor } from '../access/actor';
import type { AccessDecision } from '../access/authorize';
import type { Role } from '../access/roles';
import type { SideEffect } from '../access/side-effects';
import type { AuditRecord } from '../audit/audit-entry';
import { say, type BotReply } from './bot-reply';
import { auditActorOf } from './turn-actor';

/** What the Retry button of a given-up side effect sends (Action.Submit data). */
export interface JobRetryValue {
  action: 'job.retry';
  jobId: string;
}

/** Job ids are socbot's own (`job-<uuid>`); anything longer is not one of ours. */
const MAX_JOB_ID_LENGTH = 128;

/** Reads an activity `value` as a Retry press, or undefined for anything else. */
export function readJobRetry(value: unknown): JobRetryValue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, jobId } = value as Record<string, unknown>;
  if (action !== 'job.retry' || typeof jobId !== 'string') return undefined;
  const trimmed = jobId.trim();
  return trimmed !== '' && trimmed.length <= MAX_JOB_ID_LENGTH ? { action, jobId: trimmed } : undefined;
}

/**
 * The Retry button under the message of a side effect that was given up or failed.
 *
 * @example
 *   deliver(key, { text, attachments: [{ contentType: ADAPTIVE_CARD, content: jobRetryCard(job.id) }] });
 */
export function jobRetryCard(jobId: string): Record<string, unknown> {
  const data: JobRetryValue = { action: 'job.retry', jobId };
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [{ type: 'TextBlock', text: 'Not done. Try it again?', wrap: true }],
    actions: [{ type: 'Action.Submit', title: 'Retry', data }],
  };
}

/** A stored side effect as the Retry button needs it. */
export interface RetryableJob {
  jobId: string;
  /** The task in words ("create the ticket for SOC-2026-0001"). */
  task: string;
  /** What the presser must be allowed to do; undefined for a kind this version does not know. */
  permission: SideEffect | undefined;
  alertRef?: string;
}

/** What pressing Retry needs from the composition root (src/app/create-app.ts). */
export interface JobRetries {
  find(jobId: string): Promise<RetryableJob | undefined>;
  /** Retries and audits it (`operator`, via chat); `changed` false when there was nothing to retry. */
  retry(request: {
    jobId: string;
    by: AuditRecord['actor'];
    conversationId: string;
  }): Promise<{ changed: boolean; statusBefore: string }>;
}

/**
 * Someone pressed Retry under a given-up side effect: allowed for whoever may trigger that kind of
 * side effect (the job kind's `permission`; a refusal is audited), then the job runs again with a
 * fresh retry budget, audited, and its outcome is reported in the conversation it came from.
 */
export async function handleJobRetry(
  retry: JobRetryValue,
  who: { actor: Actor; roles: Role[]; conversationId: string },
  deps: {
    authorize(actor: Actor, action: SideEffect): AccessDecision;
    audit: { append(record: AuditRecord): Promise<unknown> };
    jobRetries: JobRetries;
  },
): Promise<BotReply> {
  const by = auditActorOf(who.actor, who.roles);
  const job = await deps.jobRetries.find(retry.jobId);
  if (!job) {
    return say(
      `There is no side effect ${retry.jobId} any more: it was dropped, or is older than the outbox keeps. Ask for the action again.`,
    );
  }
  if (!job.permission) {
    return say(
      `I cannot retry ${job.task} from chat; an operator can run \`socbot outbox retry ${job.jobId}\`.`,
    );
  }
  const decision = deps.authorize(who.actor, job.permission);
  if (!decision.allowed) {
    await deps.audit.append({
      actor: by,
      action: 'refusal',
      summary: `retry: ${job.task}`,
      result: `refused: ${decision.code}`,
      ...(job.alertRef ? { alertRef: job.alertRef } : {}),
      conversationId: who.conversationId,
      details: { jobId: job.jobId, permission: job.permission, reason: decision.reason },
    });
    return say(`I did not retry it. ${decision.reason}`);
  }
  const outcome = await deps.jobRetries.retry({ jobId: job.jobId, by, conversationId: who.conversationId });
  return outcome.changed
    ? say(`Trying again: ${job.task}. I will report back here.`)
    : say(`Nothing to retry: ${job.task} is ${outcome.statusBefore.replace('_', ' ')}.`);
}
