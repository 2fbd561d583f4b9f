import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger';
import type { OutboxJob } from '../outbox/outbox-job';
import { dueSinceOf } from './job-due-since';

/** Unsettled jobs by state: due or backing off, being attempted, or a timer whose time has not come. */
export type QueuedState = 'pending' | 'running' | 'scheduled';
const QUEUED_STATES: readonly QueuedState[] = ['pending', 'running', 'scheduled'];

/** The outbox's queue for one job kind at one moment. */
export interface KindDepth {
  jobKind: string;
  jobs: Record<QueuedState, number>;
  /** Seconds the oldest unsettled job of this kind has waited since it was due; 0 when none waits. */
  oldestAgeSeconds: number;
}

/** What the outbox gauges read: the outbox's jobs (Outbox, or the PostgreSQL outbox). */
export interface OutboxJobsSource {
  list(): Promise<OutboxJob[]>;
}

/**
 * The queue by kind, from the outbox's jobs. The one place that reads the outbox for /metrics:
 * when the outbox offers a cheap `stats()` (counts and oldest age by kind in one query), it replaces
 * `list()` here and nothing else changes.
 *
 * @example
 *   await outboxDepth(outbox, JOB_KINDS.types, new Date());
 *   // → [{ jobKind: 'ticket.create', jobs: { pending: 2, running: 1, scheduled: 0 }, oldestAgeSeconds: 42.5 }, …]
 */
export async function outboxDepth(
  outbox: OutboxJobsSource,
  kinds: readonly string[],
  now: Date,
): Promise<KindDepth[]> {
  return depthOf(await outbox.list(), kinds, now);
}

/** The queue by kind from a list of jobs: every known kind (0 when none waits), and any other kind found. */
export function depthOf(jobs: readonly OutboxJob[], kinds: readonly string[], now: Date): KindDepth[] {
  const byKind = new Map<string, KindDepth>();
  const entryOf = (jobKind: string): KindDepth => {
    let entry = byKind.get(jobKind);
    if (!entry) {
      entry = { jobKind, jobs: { pending: 0, running: 0, scheduled: 0 }, oldestAgeSeconds: 0 };
      byKind.set(jobKind, entry);
    }
    return entry;
  };
  for (const kind of kinds) entryOf(kind);
  for (const job of jobs) {
    if (job.status !== 'pending' && job.status !== 'running') continue;
    const entry = entryOf(job.type);
    const dueSince = dueSinceOf(job);
    const state: QueuedState =
      job.status === 'running' ? 'running' : dueSince > now.getTime() ? 'scheduled' : 'pending';
    entry.jobs[state] += 1;
    entry.oldestAgeSeconds = Math.max(entry.oldestAgeSeconds, (now.getTime() - dueSince) / 1000);
  }
  return [...byKind.values()];
}

/**
 * `socbot_outbox_jobs{job_kind,state}` and `socbot_outbox_oldest_job_age_seconds{job_kind}`, read
 * from the outbox on each scrape (one read shared by both). Every replica on one PostgreSQL
 * database reports the same shared queue: aggregate with `max`, not `sum`. An outbox that cannot be
 * read leaves both empty for that scrape (logged), and /metrics still answers.
 *
 * @example
 *   new OutboxMetrics(registry, { outbox, kinds: JOB_KINDS.types, logger });
 */
export class OutboxMetrics {
  private reading: Promise<KindDepth[] | undefined> | undefined;

  constructor(
    registry: Registry,
    private readonly source: {
      outbox: OutboxJobsSource;
      kinds: readonly string[];
      logger?: Logger;
      now?: () => Date;
    },
  ) {
    const read = (): Promise<KindDepth[] | undefined> => this.read();
    new Gauge({
      name: 'socbot_outbox_jobs',
      help: 'Unsettled side effects in the outbox by job kind and state (pending: due or backing off; running; scheduled: a timer not yet due).',
      labelNames: ['job_kind', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const kind of (await read()) ?? [])
          for (const state of QUEUED_STATES) this.set({ job_kind: kind.jobKind, state }, kind.jobs[state]);
      },
    });
    new Gauge({
      name: 'socbot_outbox_oldest_job_age_seconds',
      help: 'Seconds the oldest unsettled side effect of each job kind has waited since it was due (0: none waits).',
      labelNames: ['job_kind'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const kind of (await read()) ?? []) this.set({ job_kind: kind.jobKind }, kind.oldestAgeSeconds);
      },
    });
  }

  /** One read of the outbox per scrape: both gauges collect at once and share it. */
  private read(): Promise<KindDepth[] | undefined> {
    this.reading ??= outboxDepth(this.source.outbox, this.source.kinds, this.source.now?.() ?? new Date())
      .catch((error: unknown) => {
        this.source.logger?.error({ err: error }, '/metrics: could not read the outbox for its depth');
        return undefined;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }
}
