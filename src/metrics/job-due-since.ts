import type { OutboxJob } from '../outbox/outbox-job';

/**
 * When a side effect became due, in ms since the epoch: when it was queued (or its timer's time,
 * `notBefore`), or when a person put it back (`retriedAt`), whichever is later. Its waiting and
 * its duration count from here, so an escalation timer queued 15 minutes ahead is not "old".
 *
 * @example
 *   dueSinceOf({ createdAt: '2026-12-01T10:00:00Z', notBefore: '2026-12-01T10:15:00Z', … }); // 10:15's ms
 */
export function dueSinceOf(job: Pick<OutboxJob, 'createdAt' | 'notBefore' | 'retriedAt'>): number {
  const due = Date.parse(job.notBefore ?? job.createdAt);
  return job.retriedAt === undefined ? due : Math.max(due, Date.parse(job.retriedAt));
}
