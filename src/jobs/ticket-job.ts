import { z } from 'zod';
import type { AlertFacts } from '../integrations/alert-facts';
import type { TicketResult } from '../integrations/ticketing/ticketing-provider';
import { alertFactsSchema } from './alert-facts-schema';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind } from './job-kind';

const TYPE = 'ticket.create';

export const ticketResultSchema = z.object({
  provider: z.enum(['servicenow', 'jira', 'thehive', 'webhook']),
  id: z.string(),
  number: z.string(),
  url: z.string().optional(),
  existing: z.boolean(),
}) satisfies z.ZodType<TicketResult>;

/**
 * Creates the ticket of an alert in the configured ticketing system, once per alert.
 *
 * @example
 *   await jobs.queue(outbox, ticketJob, facts, origin); // "Ticket INC0010001 created for SOC-2026-0001 (https://…)."
 */
export const ticketJob = defineJobKind<AlertFacts, TicketResult>({
  type: TYPE,
  payload: alertFactsSchema,
  result: ticketResultSchema,
  key: (facts) => idempotencyKeyOf(facts.ref, TYPE),
  permission: 'register_alert',
  wording: (facts) => ({
    task: `create the ticket for ${facts.ref}`,
    // `existing` means an earlier attempt of this job created it: still "created" to the analyst.
    success: (ticket) =>
      `Ticket ${ticket.number} created for ${facts.ref}${ticket.url ? ` (${ticket.url})` : ''}.`,
  }),
  handler: ({ integrations: { ticketing } }) =>
    ticketing && ((facts, context) => ticketing.createTicket(facts, context)),
});
