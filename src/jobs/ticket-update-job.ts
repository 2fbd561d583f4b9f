import { z } from 'zod';
import { SocbotError } from '../errors';
import type { TicketUpdate, TicketUpdateResult } from '../integrations/ticketing/ticketing-provider';
import { ALERT_CLASSIFICATIONS } from '../store/alert-change';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'ticket.update';

const PROVIDERS = ['servicenow', 'jira', 'thehive', 'webhook'] as const;

const ticketUpdateSchema = z.object({
  ref: z.string(),
  ticket: z.union([
    z.object({ provider: z.enum(PROVIDERS), id: z.string(), number: z.string() }),
    z.object({ provider: z.enum(PROVIDERS), creationKey: z.string() }),
  ]),
  change: z.enum(['close', 'reopen', 'note']),
  classification: z.enum(ALERT_CLASSIFICATIONS).optional(),
  notes: z.string(),
}) satisfies z.ZodType<TicketUpdate>;

const ticketUpdateResultSchema = z.object({
  provider: z.enum(PROVIDERS),
  number: z.string(),
  status: z.string(),
  unchanged: z.boolean(),
}) satisfies z.ZodType<TicketUpdateResult>;

/**
 * Makes an alert's ticket follow its close (state, close code, notes) or reopen, or adds a note to it
 * (a work note or comment, the ticket's state unchanged), once per change: the key holds the alert and
 * the change's request id, so a Confirm pressed twice is one job. Retrying a given-up note needs
 * `note_alert`, a close or reopen `close_alert`.
 *
 * @example
 *   await jobs.queue(outbox, ticketUpdateJob, { ref, ticket, change: 'close', classification: 'false_positive', notes, requestId });
 *   await jobs.queue(outbox, ticketUpdateJob, { ref, ticket, change: 'note', notes: verdict, requestId });
 */
export const ticketUpdateJob = defineJobKind<TicketUpdate & { requestId: string }, TicketUpdateResult>({
  type: TYPE,
  payload: ticketUpdateSchema.extend({ requestId: z.string() }),
  result: ticketUpdateResultSchema,
  key: (update) => idempotencyKeyOf(update.ref, TYPE, update.requestId),
  permission: 'close_alert',
  permissionFor: (update) => (update.change === 'note' ? 'note_alert' : 'close_alert'),
  wording: (update) => ({
    task: `${TASK_VERB[update.change]} ${ticketName(update)}`,
    success: (result) => {
      if (update.change === 'note') return `Note added to ticket ${result.number} of ${update.ref}.`;
      return update.change === 'close'
        ? `Ticket ${result.number} closed for ${update.ref} (${update.classification ?? 'true_positive'}).`
        : `Ticket ${result.number} reopened for ${update.ref}.`;
    },
  }),
  // A ticket in another system than the one configured now cannot be reached: fail and say so.
  handler: ({ integrations: { ticketing } }) =>
    ticketing &&
    ((update, context) => {
      if (ticketing.name !== update.ticket.provider) throw providerChanged(update, ticketing.name);
      return ticketing.updateTicket(update, context);
    }),
});

/** The task's verb phrase per change: "close ticket …", "add a note to ticket …". */
const TASK_VERB: Record<TicketUpdate['change'], string> = {
  close: 'close',
  reopen: 'reopen',
  note: 'add a note to',
};

/** "ticket INC0010001 of SOC-2026-0001", or "the ticket of SOC-2026-0001" before it was created. */
function ticketName(update: TicketUpdate): string {
  return 'number' in update.ticket
    ? `ticket ${update.ticket.number} of ${update.ref}`
    : `the ticket of ${update.ref}`;
}

function providerChanged(update: TicketUpdate, configured: string): Error {
  return Object.assign(
    new SocbotError(
      'CONFIG_INVALID',
      `The ticket of ${update.ref} is in ${update.ticket.provider}, but TICKETING is ${configured} now; update it there by hand, then drop this job.`,
      { ref: update.ref },
    ),
    { retryable: false },
  );
}
