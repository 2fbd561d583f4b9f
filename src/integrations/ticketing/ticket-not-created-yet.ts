import { IntegrationError } from '../integration-error';

/**
 * The update of a ticket that its creation job has not made yet: retryable, so the outbox tries again
 * later and the update follows the ticket once it exists.
 *
 * @example
 *   throw ticketNotCreatedYet('servicenow', 'SOC-2026-0001');
 */
export function ticketNotCreatedYet(service: string, ref: string): IntegrationError {
  return new IntegrationError(
    `${service} has no ticket for ${ref} yet (its ticket.create job has not succeeded); the update is tried again later. \`socbot outbox list\` shows the ticket job.`,
    { service, kind: 'unavailable', retryable: true },
  );
}
