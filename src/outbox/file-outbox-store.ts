import type { DataFile } from '../store/data-file';
import { claim, isClaimedAttempt, isDue, recover } from './job-lifecycle';
import { openOutboxFile, type OutboxData } from './outbox-file';
import { isSettled, type JobStatus, type OutboxJob } from './outbox-job';
import {
  dueAgeMs,
  type ClaimRequest,
  type ClaimResult,
  type OutboxKindStats,
  type OutboxStore,
  type StartRepair,
} from './outbox-store';
import type { RetryPolicy } from './retry-policy';

/**
 * The embedded outbox store: `<dataDir>/outbox.json` through one DataFile (atomic durable writes,
 * serialized updates). One process runs the worker for a data directory, so there are no leases:
 * a job found running at start was left by a stopped process and is recovered then.
 *
 * @example
 *   const outbox = new Outbox({ dataDir, store: new FileOutboxStore(dataDir) });
 */
export class FileOutboxStore implements OutboxStore {
  readonly shared = false;
  readonly leaseRenewalMs = undefined;
  readonly leaseMs = undefined;
  private readonly file: DataFile<OutboxData>;
  /** The outcome (retry count) told per job, oldest first. */
  private readonly told = new Map<string, number>();

  constructor(dataDir: string) {
    this.file = openOutboxFile(dataDir);
  }

  get location(): string {
    return this.file.file;
  }

  addIfKeyAbsent(job: OutboxJob): Promise<OutboxJob> {
    return this.file.update((data) => {
      const existing = data.jobs.find((j) => j.idempotencyKey === job.idempotencyKey);
      if (existing) return structuredClone(existing);
      data.jobs.push(structuredClone(job));
      return structuredClone(job);
    });
  }

  async get(jobId: string): Promise<OutboxJob | undefined> {
    return (await this.file.read()).jobs.find((job) => job.id === jobId);
  }

  async list(statuses?: readonly JobStatus[]): Promise<OutboxJob[]> {
    const { jobs } = await this.file.read();
    return statuses ? jobs.filter((job) => statuses.includes(job.status)) : jobs;
  }

  prepareStart(now: Date, policy: RetryPolicy, retentionMs: number): Promise<StartRepair> {
    return this.file.update((data) => {
      const keepAfter = now.getTime() - retentionMs;
      const before = data.jobs.length;
      data.jobs = data.jobs.filter((job) => !isSettled(job) || Date.parse(job.updatedAt) >= keepAfter);
      const abandoned = data.jobs.filter((job) => job.status === 'running');
      const givenUp: OutboxJob[] = [];
      for (const job of abandoned) {
        if (recover(job, policy, now) === 'given_up') givenUp.push(structuredClone(job));
      }
      return { recovered: abandoned.length - givenUp.length, givenUp, pruned: before - data.jobs.length };
    });
  }

  /**
   * Reads first and writes only when there is something to claim, so an idle worker does not
   * rewrite the file; planned again on the fresh content inside the update.
   */
  async claimDue(request: ClaimRequest): Promise<ClaimResult> {
    const { due, nextDueAt } = plan((await this.file.read()).jobs, request);
    if (due.length === 0) return { claimed: [], recovered: 0, givenUp: [], nextDueAt };
    return this.file.update((data) => {
      const fresh = plan(data.jobs, request);
      for (const job of fresh.due) claim(job, request.now);
      return {
        claimed: fresh.due.map((job) => structuredClone(job)),
        recovered: 0,
        givenUp: [],
        nextDueAt: fresh.nextDueAt,
      };
    });
  }

  async renewLeases(jobIds: readonly string[]): Promise<readonly string[]> {
    // One worker per data directory: nobody else could take a job over.
    return jobIds;
  }

  changeClaimed(
    jobId: string,
    attempt: number,
    change: (job: OutboxJob) => void,
  ): Promise<OutboxJob | undefined> {
    return this.file.update((data) => {
      const current = data.jobs.find((j) => j.id === jobId);
      if (!current || !isClaimedAttempt(current, attempt)) return undefined;
      change(current);
      return structuredClone(current);
    });
  }

  change(
    jobId: string,
    change: (job: OutboxJob) => boolean,
  ): Promise<{ job: OutboxJob; changed: boolean } | undefined> {
    return this.file.update((data) => {
      const job = data.jobs.find((j) => j.id === jobId);
      if (!job) return undefined;
      const changed = change(job);
      return { job: structuredClone(job), changed };
    });
  }

  drop(jobId: string): Promise<OutboxJob | undefined> {
    return this.file.update((data) => {
      const index = data.jobs.findIndex((j) => j.id === jobId);
      const job = data.jobs[index];
      if (!job || job.status === 'running') return job && structuredClone(job);
      data.jobs.splice(index, 1);
      return structuredClone(job);
    });
  }

  /** In memory: one process runs the worker and tells the outcomes of a data directory. */
  async claimReport(jobId: string, retries: number): Promise<boolean> {
    const told = this.told.get(jobId);
    if (told !== undefined && told >= retries) return false;
    this.told.delete(jobId);
    this.told.set(jobId, retries);
    // Bounded: an outcome is claimed within seconds of settling, never weeks later.
    if (this.told.size > TOLD_REMEMBERED) this.told.delete(this.told.keys().next().value as string);
    return true;
  }

  async stats(now: Date): Promise<OutboxKindStats[]> {
    const byType = new Map<string, OutboxKindStats>();
    for (const job of (await this.file.read()).jobs) {
      if (job.status !== 'pending' && job.status !== 'running') continue;
      const stats = byType.get(job.type) ?? {
        type: job.type,
        pending: 0,
        running: 0,
        oldestPendingAgeMs: 0,
        oldestRunningAgeMs: 0,
      };
      const age = dueAgeMs(job, now);
      if (job.status === 'pending') {
        stats.pending += 1;
        stats.oldestPendingAgeMs = Math.max(stats.oldestPendingAgeMs, age);
      } else {
        stats.running += 1;
        stats.oldestRunningAgeMs = Math.max(stats.oldestRunningAgeMs, age);
      }
      byType.set(job.type, stats);
    }
    return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}

/** How many jobs' "told" marks are kept. */
const TOLD_REMEMBERED = 10_000;

/**
 * The due jobs to claim now (oldest due first, at most `limit`) and when the next job not yet due
 * becomes due. Due jobs left over for lack of slots are not a reason to wake early: a finishing
 * attempt wakes the worker.
 */
function plan(jobs: OutboxJob[], request: ClaimRequest): { due: OutboxJob[]; nextDueAt: number | undefined } {
  const waiting = jobs.filter(
    (job) => job.status === 'pending' && !request.busy.has(job.id) && handles(request, job),
  );
  const due = waiting
    .filter((job) => isDue(job, request.now))
    .sort((a, b) => Date.parse(a.nextAttemptAt) - Date.parse(b.nextAttemptAt))
    .slice(0, Math.max(0, request.limit));
  const nextDueAt = waiting
    .filter((job) => !isDue(job, request.now))
    .reduce<number | undefined>(
      (soonest, job) => Math.min(soonest ?? Infinity, Date.parse(job.nextAttemptAt)),
      undefined,
    );
  return { due, nextDueAt };
}

function handles(request: ClaimRequest, job: OutboxJob): boolean {
  if (request.types.includes(job.type)) return true;
  request.onUnhandled?.(job);
  return false;
}
