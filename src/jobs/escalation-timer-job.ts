import { z } from 'zod';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'escalate.next';

/** The timer of an escalated alert: when it fires, the next tier is told unless acknowledged or closed. */
export interface EscalationTimerRequest {
  ref: string;
}

/** What the timer found when it fired. */
export interface EscalationTimerResult {
  /** `escalated`: the next tier was queued; otherwise why not. */
  outcome: 'escalated' | 'acknowledged' | 'closed' | 'not-escalated';
  /** How many notices were queued. */
  queued: number;
  /** Who acknowledged it, for `acknowledged`. */
  by?: string;
}

/** What the timer's handler needs: implemented by src/app/escalation.ts. */
export interface EscalationTimer {
  fire(ref: string): Promise<EscalationTimerResult>;
}

const resultSchema = z.object({
  outcome: z.enum(['escalated', 'acknowledged', 'closed', 'not-escalated']),
  queued: z.number(),
  by: z.string().optional(),
}) satisfies z.ZodType<EscalationTimerResult>;

/**
 * The persisted escalation timer: queued with `notBefore` = registration + SOCBOT_ESCALATE_AFTER_MINUTES
 * (the outbox keeps it across restarts); one per alert. It acts only when it fires, on what is true
 * then: an acknowledged or closed alert ends the escalation there, anything else queues the next
 * tier's notices (their own keys make a retried timer harmless).
 *
 * @example
 *   await jobs.queue(outbox, escalationTimerJob, { ref }, origin, new Date(Date.now() + 15 * 60_000));
 */
export const escalationTimerJob = defineJobKind<EscalationTimerRequest, EscalationTimerResult>({
  type: TYPE,
  payload: z.object({ ref: z.string() }),
  result: resultSchema,
  key: ({ ref }) => idempotencyKeyOf(ref, TYPE),
  permission: 'register_alert',
  wording: ({ ref }) => ({
    task: `escalate ${ref} to the next tier unless it is acknowledged or closed by then`,
    success: (result) => {
      switch (result.outcome) {
        case 'escalated':
          return `${ref} was not acknowledged in time: escalated to the next tier (${result.queued} notice${result.queued === 1 ? '' : 's'}).`;
        case 'acknowledged':
          return `${ref} was acknowledged${result.by ? ` by ${result.by}` : ''}: no further escalation.`;
        case 'closed':
          return `${ref} is closed: no further escalation.`;
        case 'not-escalated':
          return `${ref} needs no further escalation (not P1/P2, or no one configured for the next tier).`;
      }
    },
  }),
  handler: ({ escalation }) => escalation && ((request) => escalation.fire(request.ref)),
});
