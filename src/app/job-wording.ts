import type { BlockResult } from '../integrations/blocking/blocking-provider';
import type { BasisNotice } from '../integrations/notify/basis-notice';
import type { NotifyResult } from '../integrations/notify/notifier';
import type { TicketResult } from '../integrations/ticketing/ticketing-provider';
import type { JsonValue, OutboxJob } from '../outbox/outbox-job';
import type { OutcomeWording } from '../outbox/outcome-message';
import { jobKindOf } from './job-types';

/** How a blocking provider is named to an analyst. */
const BLOCK_PROVIDER_NAMES: Record<string, string> = { webhook: 'block webhook', scim: 'SCIM' };

/** How an audience is named to an analyst. */
const AUDIENCE_NAMES: Record<string, string> = { basis: 'the Basis team', leads: 'the SOC leads' };

/**
 * What a block job does, in words; also the "Blocked" line of a Basis notice.
 *
 * @example
 *   blockDescription('scim', 'PC-0815', 'DDIC'); // 'user DDIC (SCIM)'
 */
export function blockDescription(provider: string, terminal: string, username: string | undefined): string {
  const name = BLOCK_PROVIDER_NAMES[provider] ?? provider;
  return provider === 'scim' && username ? `user ${username} (${name})` : `terminal ${terminal} (${name})`;
}

/**
 * The wording of a job for `describeOutcome`: the task as a verb phrase and the success sentence
 * from the provider's result.
 *
 * @example
 *   describeOutcome(job, jobWording(job)); // 'Ticket INC0010001 created for SOC-2026-0001.'
 */
export function jobWording(job: Pick<OutboxJob, 'type' | 'payload'>): OutcomeWording {
  const payload = asRecord(job.payload);
  const kind = jobKindOf(job.type);
  const ref = text(payload.ref) ?? text(payload.alertRef) ?? 'the alert';
  switch (kind.kind) {
    case 'ticket':
      return {
        task: `create the ticket for ${ref}`,
        success: (result) => {
          const ticket = asRecord(result) as Partial<TicketResult>;
          const link = ticket.url ? ` (${ticket.url})` : '';
          // `existing` means an earlier attempt of this job created it: still "created" to the analyst.
          return `Ticket ${ticket.number ?? '(no number)'} created for ${ref}${link}.`;
        },
      };
    case 'block': {
      const what = blockDescription(kind.provider, text(payload.terminal) ?? '', text(payload.username));
      return {
        task: `block ${what}`,
        success: (result) => {
          const outcome = (asRecord(result) as Partial<BlockResult>).outcome;
          if (outcome === 'already-blocked') return `Already blocked: ${what}.`;
          if (outcome === 'requested') return `Block requested: ${what}.`;
          return `Blocked: ${what}.`;
        },
      };
    }
    case 'notify': {
      const who = AUDIENCE_NAMES[kind.audience] ?? kind.audience;
      const notice = payload as Partial<BasisNotice>;
      return {
        task: `notify ${who} by ${kind.channel} about ${notice.ref ?? ref}`,
        success: (result) => {
          const delivered = (asRecord(result) as Partial<NotifyResult>).delivered;
          const count =
            typeof delivered === 'number' && kind.channel !== 'webhook'
              ? ` (${delivered} ${recipients(kind.channel, delivered)})`
              : '';
          return `Notified ${who} by ${kind.channel}${count} about ${notice.ref ?? ref}.`;
        },
      };
    }
    case 'soc-post':
      return {
        task: `post the SIEM alert card for ${ref} to the SOC channel`,
        success: () => `Posted the SIEM alert card for ${ref} to the SOC channel.`,
      };
    case 'other':
      return { task: job.type };
  }
}

function recipients(channel: string, count: number): string {
  const noun = channel === 'teams' ? 'conversation' : 'recipient';
  return count === 1 ? noun : `${noun}s`;
}

function asRecord(value: JsonValue | undefined): Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
