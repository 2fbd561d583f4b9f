import { z } from 'zod';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'tell.approval';

/** The decision on an approval request, for the person who asked. */
export interface ApprovalOutcomeMessage {
  approvalId: string;
  outcome: 'approved' | 'rejected' | 'expired';
  /** The requester's conversation (directory key). */
  conversationKey: string;
  text: string;
}

const schema = z.object({
  approvalId: z.string().min(1),
  outcome: z.enum(['approved', 'rejected', 'expired']),
  conversationKey: z.string().min(1),
  text: z.string().min(1),
}) satisfies z.ZodType<ApprovalOutcomeMessage>;

const resultSchema = z.object({ told: z.literal(true) });

/**
 * Tells the requester, in the conversation they asked in, what became of their approval request:
 * through the outbox, once per approval and outcome, also when their conversation is unreachable
 * for a while. Queue it without `origin.conversationKey`: the message is itself the report.
 *
 * @example
 *   await jobs.queue(outbox, approvalOutcomeJob, { approvalId, outcome: 'approved', conversationKey, text }, { alertRef });
 */
export const approvalOutcomeJob = defineJobKind<ApprovalOutcomeMessage, { told: true }>({
  type: TYPE,
  payload: schema,
  result: resultSchema,
  key: (message) => idempotencyKeyOf(message.approvalId, TYPE, message.outcome),
  permission: 'inform_basis',
  wording: (message) => ({
    task: `tell the requester that ${message.approvalId} was ${message.outcome}`,
    success: () => `Told the requester that ${message.approvalId} was ${message.outcome}.`,
  }),
  handler:
    ({ delivery }) =>
    async (message, context) => {
      await delivery.deliver(message.conversationKey, { text: message.text }, { signal: context.signal });
      return { told: true };
    },
});
