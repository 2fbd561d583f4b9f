import { Counter, Histogram, type Registry } from 'prom-client';
import type { OutboxJob } from '../outbox/outbox-job';
import { dueSinceOf } from './job-due-since';

/** From a webhook's tens of milliseconds to a job that waited out a provider's outage (the retry budget is minutes). */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** What the side-effect metrics listen to: final outcomes (Outbox.onSettled, or the PostgreSQL outbox's). */
export interface SettledJobs {
  onSettled(listener: (job: OutboxJob) => void): () => void;
}

/**
 * From each side effect's final outcome (the outbox's settle events, as job-outcome-audit.ts
 * audits them):
 *
 * - `socbot_side_effect_duration_seconds{job_kind,outcome}`: from when the job was due (queued, its
 *   timer's time, or a person's retry) to its outcome, retries and backoff included: how long the
 *   analyst waited for the ticket or the block. `outcome`: succeeded, failed, given_up.
 * - `socbot_provider_errors_total{job_kind,provider,error_kind,code}`: side effects that ended
 *   without success, by the provider's error (`provider` and `error_kind` as the integration named
 *   them, `none` when it did not; `code` the error's code, e.g. RATE_LIMITED, PROCESS_STOPPED). A
 *   failed attempt that a retry then fixed is not counted: the outbox reports final outcomes only.
 *
 * Labels come from bounded sets (job kinds, providers, error kinds and codes in the code base):
 * never an alert reference, a job id or a message. Each replica counts the jobs it settled; `sum`
 * across replicas.
 *
 * @example
 *   const stop = new SideEffectMetrics(registry).observe(outbox);
 */
export class SideEffectMetrics {
  private readonly duration: Histogram<'job_kind' | 'outcome'>;
  private readonly providerErrors: Counter<'job_kind' | 'provider' | 'error_kind' | 'code'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'socbot_side_effect_duration_seconds',
      help: 'Seconds from a side effect being due to its final outcome (retries included), by job kind and outcome.',
      labelNames: ['job_kind', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
    this.providerErrors = new Counter({
      name: 'socbot_provider_errors_total',
      help: 'Side effects that ended failed or given up, by job kind, provider, error kind and error code.',
      labelNames: ['job_kind', 'provider', 'error_kind', 'code'],
      registers: [registry],
    });
  }

  /** Listens to the outbox's final outcomes; returns the function that stops listening. */
  observe(outbox: SettledJobs): () => void {
    return outbox.onSettled((job) => this.settled(job));
  }

  settled(job: OutboxJob): void {
    const seconds = Math.max(0, (Date.parse(job.updatedAt) - dueSinceOf(job)) / 1000);
    if (Number.isFinite(seconds)) this.duration.observe({ job_kind: job.type, outcome: job.status }, seconds);
    if (job.status === 'succeeded') return;
    this.providerErrors.inc({
      job_kind: job.type,
      provider: job.lastError?.service ?? 'none',
      error_kind: job.lastError?.kind ?? 'none',
      code: job.lastError?.code ?? 'none',
    });
  }
}
