import { z } from 'zod';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'tell.recovered';

/** What became of a confirmed action a crash cut off, for the analyst who confirmed it. */
export interface RecoveredAction {
  /** The form's request id: one message per recovered action. */
  requestId: string;
  /** The conversation directory key of the conversation the action was confirmed in. */
  conversationKey: string;
  /** The message, already worded by start-up (src/app/replay-intents.ts). */
  text: string;
}

const recoveredActionSchema = z.object({
  requestId: z.string().min(1),
  conversationKey: z.string().min(1),
  text: z.string().min(1),
}) satisfies z.ZodType<RecoveredAction>;

/** The message went out. */
export interface RecoveredActionResult {
  told: true;
}

const resultSchema = z.object({ told: z.literal(true) }) satisfies z.ZodType<RecoveredActionResult>;

/**
 * Tells the analyst, by a proactive message to their conversation, the outcome of a confirmed action
 * that a crash cut off and start-up finished. Through the outbox, so a connector that is down
 * when socbot comes back still gets the message later (retried like any side effect).
 *
 * Queue it without `origin.conversationKey`: the message is itself the report, and the outbox's
 * outcome reports would otherwise tell the analyst that they were told.
 *
 * @example
 *   await jobs.queue(outbox, recoveredActionJob, { requestId, conversationKey, text }, { alertRef });
 */
export const recoveredActionJob = defineJobKind<RecoveredAction, RecoveredActionResult>({
  type: TYPE,
  payload: recoveredActionSchema,
  result: resultSchema,
  // Sending the message again is an analyst's call, like the SOC card's.
  permission: 'register_alert',
  key: (recovered) => idempotencyKeyOf(recovered.requestId, TYPE),
  wording: () => ({
    task: 'tell the analyst how a request cut off by a restart ended',
    success: () => 'Told the analyst how a request cut off by a restart ended.',
  }),
  handler:
    ({ delivery }) =>
    async (recovered, context) => {
      await delivery.deliver(recovered.conversationKey, { text: recovered.text }, { signal: context.signal });
      return { told: true };
    },
});
