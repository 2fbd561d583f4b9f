import type { OutboxJob } from './outbox-job';

/**
 * How many side effects stand where, for /healthz and `socbot outbox list`: the ones still to
 * happen (`queued` not yet tried, `running`, `retrying` after a failed attempt) and the ones that
 * ended NOT done (`givenUp` after the retry budget, `failed` on an error retrying cannot heal).
 * Succeeded jobs are not counted: they need nobody.
 */
export interface SideEffectCounts {
  queued: number;
  running: number;
  retrying: number;
  givenUp: number;
  failed: number;
}

/**
 * @example
 *   countSideEffects(await outbox.list()); // { queued: 1, running: 0, retrying: 2, givenUp: 0, failed: 0 }
 */
export function countSideEffects(jobs: readonly Pick<OutboxJob, 'status' | 'attempts'>[]): SideEffectCounts {
  const counts: SideEffectCounts = { queued: 0, running: 0, retrying: 0, givenUp: 0, failed: 0 };
  for (const job of jobs) {
    if (job.status === 'pending') counts[job.attempts === 0 ? 'queued' : 'retrying'] += 1;
    else if (job.status === 'running') counts.running += 1;
    else if (job.status === 'given_up') counts.givenUp += 1;
    else if (job.status === 'failed') counts.failed += 1;
  }
  return counts;
}
