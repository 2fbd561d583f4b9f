import { z } from 'zod';
import type { BlockingProvider, BlockRequest, BlockResult } from '../integrations/blocking/blocking-provider';
import { idempotencyKeyOf } from './idempotency-key';
import { defineJobKind, type JobKind } from './job-kind';

/** The blocking providers socbot has; each has a job type of its own (`block.webhook`, `block.scim`). */
export type BlockProviderName = BlockingProvider['name'];

/** How a blocking provider is named to an analyst. */
const PROVIDER_NAMES: Record<BlockProviderName, string> = { webhook: 'block webhook', scim: 'SCIM' };

/**
 * A block as queued: the provider's request, and the approval it runs under when a lead approved
 * it (src/app/approvals.ts); the provider never sees the approval id.
 */
export interface BlockJobRequest extends BlockRequest {
  /** `APR-0001`: the block is keyed by the approval, so a replayed approval queues it once. */
  approvalId?: string;
}

const blockRequestSchema = z.object({
  terminal: z.string(),
  username: z.string().optional(),
  ip: z.string().optional(),
  alertRef: z.string(),
  requestedBy: z.string(),
  approvalId: z.string().optional(),
}) satisfies z.ZodType<BlockJobRequest>;

const blockResultSchema = z.object({
  provider: z.enum(['webhook', 'scim']),
  target: z.string(),
  outcome: z.enum(['blocked', 'already-blocked', 'requested']),
}) satisfies z.ZodType<BlockResult>;

/**
 * What a block does, in words; also the "Blocked" line of a Basis notice.
 *
 * @example
 *   blockDescription('scim', 'PC-0815', 'DDIC'); // 'user DDIC (SCIM)'
 */
export function blockDescription(
  provider: BlockProviderName,
  terminal: string,
  username: string | undefined,
): string {
  const name = PROVIDER_NAMES[provider];
  return provider === 'scim' && username ? `user ${username} (${name})` : `terminal ${terminal} (${name})`;
}

function blockJobOf(provider: BlockProviderName): JobKind<BlockJobRequest, BlockResult> {
  const type = `block.${provider}`;
  return defineJobKind<BlockJobRequest, BlockResult>({
    type,
    payload: blockRequestSchema,
    result: blockResultSchema,
    // Terminal and user both: another request about the same alert may name other ones. An
    // approved block is keyed by its approval: the approval is what may act once.
    key: (request) =>
      request.approvalId !== undefined
        ? idempotencyKeyOf(request.approvalId, type, request.terminal, request.username ?? '')
        : idempotencyKeyOf(request.alertRef, type, request.terminal, request.username ?? ''),
    permission: 'block_terminal',
    wording: (request) => {
      const what = blockDescription(provider, request.terminal, request.username);
      return {
        task: `block ${what}`,
        success: (result) =>
          result.outcome === 'already-blocked'
            ? `Already blocked: ${what}.`
            : result.outcome === 'requested'
              ? `Block requested: ${what}.`
              : `Blocked: ${what}.`,
      };
    },
    handler: ({ integrations }) => {
      const blocking = integrations.blocking.find((candidate) => candidate.name === provider);
      return blocking && ((request, context) => blocking.block(request, context));
    },
  });
}

/**
 * Blocks an attacker through one blocking provider: one job kind per provider, so a process with
 * only one of them configured runs its jobs and leaves the other's pending.
 *
 * @example
 *   await jobs.queue(outbox, blockJobs.scim, { terminal: 'PC-0815', username: 'DDIC', alertRef, requestedBy }, origin);
 */
export const blockJobs: Readonly<Record<BlockProviderName, JobKind<BlockJobRequest, BlockResult>>> = {
  webhook: blockJobOf('webhook'),
  scim: blockJobOf('scim'),
};
