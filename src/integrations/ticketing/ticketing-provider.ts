import type { AlertClassification } from '../../store/alert-change';
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

/** The ticket as its creation job stored it: what an update needs to find it again. */
export type TicketIdentity = Pick<TicketResult, 'provider' | 'id' | 'number'>;

/**
 * A ticket whose creation job had not succeeded when the alert changed: the provider finds it by the
 * creation job's idempotency key (ServiceNow correlation_id, Jira label, TheHive sourceRef), and an
 * update that does not find it yet fails retryably, so it waits for the ticket.
 */
export interface TicketToFind {
  provider: TicketResult['provider'];
  creationKey: string;
}

/**
 * What happened to an alert that its ticket must follow: closed with a classification (the ticket is
 * resolved or closed), reopened (the ticket is back in progress), or a note to add (a work note or
 * comment on the ticket, its state unchanged: e.g. the enrichment verdict of the alert's IP).
 */
export interface TicketUpdate {
  ref: string;
  ticket: TicketIdentity | TicketToFind;
  change: 'close' | 'reopen' | 'note';
  /** For `close`; absent for a note. */
  classification?: AlertClassification;
  /**
   * Who made the change and why, or for `note` the note's text itself: data, possibly from outside
   * (a service's answer about an IP), bounded and escaped by each provider (updateNotes).
   */
  notes: string;
}

/** What an update did; `unchanged` when the ticket already stood there (an earlier attempt). */
export interface TicketUpdateResult {
  provider: TicketResult['provider'];
  number: string;
  status: string;
  unchanged: boolean;
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
  /**
   * Makes the ticket follow the alert (state, close code and notes) or adds a note to it; safe to
   * repeat with the same idempotency key: a ticket already in the target state is not changed again,
   * and a note or comment carrying the key is not written twice.
   */
  updateTicket: Operation<TicketUpdate, TicketUpdateResult>;
}
