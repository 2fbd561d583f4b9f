import type { AlertFacts } from '../alert-facts';
import type { Operation } from '../operation';

/** A ticket in the ticketing system. */
export interface TicketResult {
  provider: 'servicenow' | 'jira' | 'thehive' | 'webhook';
  /** The system's internal ID (ServiceNow sys_id, Jira issue id, TheHive `_id`). */
  id: string;
  /** What people quote: ServiceNow `INC0010001`, Jira `SOC-42`, TheHive `~4144`. */
  number: string;
  /** A link for people, when the system has one. */
  url?: string;
  /** True when an earlier attempt had already created it (found by the idempotency key). */
  existing: boolean;
}

/**
 * Creates the ticket for an alert, exactly once per idempotency key: providers look the key up
 * before creating, so an attempt after a timeout finds the ticket the timed-out attempt made.
 *
 * @example
 *   const ticket = await ticketing.createTicket(alert, { idempotencyKey: 'ticket:SOC-2026-0001', signal });
 *   ticket.number; // 'INC0010001'
 */
export interface TicketingProvider {
  readonly name: TicketResult['provider'];
  createTicket: Operation<AlertFacts, TicketResult>;
}
