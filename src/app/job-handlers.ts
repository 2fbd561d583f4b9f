import type { AlertFacts } from '../integrations/alert-facts';
import type { BlockRequest } from '../integrations/blocking/blocking-provider';
import type { Integrations } from '../integrations/create-integrations';
import type { BasisNotice } from '../integrations/notify/basis-notice';
import type { JsonValue } from '../outbox/outbox-job';
import type { Outbox } from '../outbox/outbox';
import { blockJobType, notifyJobType, TICKET_JOB } from './job-types';

/**
 * Registers one outbox handler per configured provider: `ticket.create` → the ticketing provider,
 * `block.<provider>` → each blocking provider, `notify.<audience>.<channel>` → each notifier. Each
 * handler is one attempt with the job's idempotency key and abort signal; the outbox retries.
 * A job type whose provider is not configured in this process stays pending (nothing lost).
 * Returns the registered job types.
 */
export function registerJobHandlers(outbox: Outbox, integrations: Integrations): string[] {
  const types: string[] = [];
  const { ticketing } = integrations;
  if (ticketing) {
    outbox.register(TICKET_JOB, async (payload, ctx) =>
      toJson(await ticketing.createTicket(payload as unknown as AlertFacts, ctx)),
    );
    types.push(TICKET_JOB);
  }
  for (const provider of integrations.blocking) {
    const type = blockJobType(provider.name);
    outbox.register(type, async (payload, ctx) =>
      toJson(await provider.block(payload as unknown as BlockRequest, ctx)),
    );
    types.push(type);
  }
  for (const notifier of [...integrations.basisNotifiers, ...integrations.leadsNotifiers]) {
    const type = notifyJobType(notifier.audience, notifier.channel);
    outbox.register(type, async (payload, ctx) =>
      toJson(await notifier.notify(payload as unknown as BasisNotice, ctx)),
    );
    types.push(type);
  }
  return types;
}

/** A provider result is plain data; through JSON once so the outbox stores exactly that. */
function toJson(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
