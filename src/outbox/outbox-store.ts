import type { JobStatus, OutboxJob } from './outbox-job';
import type { RetryPolicy } from './retry-policy';

/** What the worker asks for when it has free slots. */
export interface ClaimRequest {
  now: Date;
  /** At most this many jobs (the worker's free slots). */
  limit: number;
  /** The job types this worker has a handler for; other jobs stay pending for a worker that has one. */
  types: readonly string[];
  /** Jobs this worker is still finishing (recording an outcome): never claimed again by it meanwhile. */
  busy: ReadonlySet<string>;
  /** How a job abandoned by a dead worker is judged (given up when its attempts or age ran out). */
  policy: RetryPolicy;
  /** Told about a pending job no handler here can run (the outbox warns once per type). */
  onUnhandled?: (job: OutboxJob) => void;
}

/** What a claim did. */
export interface ClaimResult {
  /** Now `running` for this worker, attempt counted: oldest due first. */
  claimed: OutboxJob[];
  /** Running jobs whose worker died (lease expired) that went back to pending. */
  recovered: number;
  /** Abandoned jobs whose attempts or age ran out: `given_up` now, to be announced by this worker. */
  givenUp: OutboxJob[];
  /** When the soonest job not yet due becomes due (ms since epoch). */
  nextDueAt: number | undefined;
}

/** What start-up did to the store. */
export interface StartRepair {
  /** Jobs left running by a stopped process that went back to pending. */
  recovered: number;
  /** Such jobs that were given up instead, to be announced. */
  givenUp: OutboxJob[];
  /** Settled jobs removed after the retention period. */
  pruned: number;
}

/** Depth and age of the work waiting, per job type (for /metrics: outbox depth and oldest job age by kind). */
export interface OutboxKindStats {
  type: string;
  pending: number;
  running: number;
  /** How long the oldest pending job has been due (0 when none is). */
  oldestPendingAgeMs: number;
  /** How long the oldest running job has been waiting since it was due (0 when none runs). */
  oldestRunningAgeMs: number;
}

/**
 * Where the outbox keeps its jobs: the storage operations {@link Outbox} needs, and nothing of what
 * a job means. Two implementations pass the same contract tests (test/outbox/contracts/):
 * `FileOutboxStore` (`<dataDir>/outbox.json`, one process) and `PgOutboxStore` (a table shared by
 * every replica: claims with `FOR UPDATE SKIP LOCKED`, leases taken over when a replica dies).
 *
 * Every change of a job is applied by the lifecycle functions (job-lifecycle.ts) to the stored job
 * inside one store operation, so the store decides only *which* job may change, never *how*.
 *
 * @example
 *   const outbox = new Outbox({ dataDir, store: outboxStoreOf(backend) }); // src/store/backend-stores.ts
 */
export interface OutboxStore {
  /** Where the jobs live, for messages (a file path, or a database URL without its password). */
  readonly location: string;
  /**
   * True when other processes run jobs from this store too: a waiter then also reads the store,
   * since the outcome may be settled elsewhere.
   */
  readonly shared: boolean;
  /** How often the worker renews the lease of its running attempts; undefined: no leases. */
  readonly leaseRenewalMs: number | undefined;
  /**
   * How long a claim or a renewal holds a running job (undefined: no leases); at least three times
   * `leaseRenewalMs`. An attempt whose lease could not be renewed in time is aborted (with less than
   * 1.5 renewal intervals left): another replica may take its job over.
   */
  readonly leaseMs: number | undefined;

  /** Stores the job, or returns the one that already has its idempotency key (whatever its status). */
  addIfKeyAbsent(job: OutboxJob): Promise<OutboxJob>;
  get(jobId: string): Promise<OutboxJob | undefined>;
  /** Oldest first (in the order they were added), optionally only those with one of `statuses`. */
  list(statuses?: readonly JobStatus[]): Promise<OutboxJob[]>;
  /**
   * At the worker's start: prunes settled jobs older than `retentionMs`, and (files: one process)
   * recovers every job left running. A shared store leaves running jobs to their leases: another
   * replica may be running them right now.
   */
  prepareStart(now: Date, policy: RetryPolicy, retentionMs: number): Promise<StartRepair>;
  /** Claims due jobs for this worker: `running`, attempt counted, before any of them runs. */
  claimDue(request: ClaimRequest): Promise<ClaimResult>;
  /**
   * Extends the leases of this worker's running attempts (a long attempt must not be taken over)
   * and returns the ids whose lease it extended: a job left out is no longer this worker's to run.
   */
  renewLeases(jobIds: readonly string[]): Promise<readonly string[]>;
  /**
   * Applies `change` to the job if it is still attempt `attempt` claimed by this worker, and returns
   * it as stored; undefined when it moved on (recovered, taken over): a stale worker changes nothing.
   */
  changeClaimed(
    jobId: string,
    attempt: number,
    change: (job: OutboxJob) => void,
  ): Promise<OutboxJob | undefined>;
  /**
   * Applies `change` to the job as stored and returns it; `change` returns false when it changed
   * nothing. Undefined for an unknown job. (A person's retry.)
   */
  change(
    jobId: string,
    change: (job: OutboxJob) => boolean,
  ): Promise<{ job: OutboxJob; changed: boolean } | undefined>;
  /** Removes a job that is not running and returns it as it was; a running job is returned, not removed. */
  drop(jobId: string): Promise<OutboxJob | undefined>;
  /**
   * True for the first caller for this outcome of the job (`retries`: how often a person asked for
   * it again; each retry has an outcome of its own): that one tells the analyst ("told once" across
   * replicas). False for an outcome already claimed, or an older one.
   */
  claimReport(jobId: string, retries: number): Promise<boolean>;
  /** Pending and running jobs per type with the age of the oldest: cheap enough for every scrape. */
  stats(now: Date): Promise<OutboxKindStats[]>;
  /** Everything written is durable when it resolves (the outbox's stop). */
  flush(): Promise<void>;
}

/** How long a pending or running job has been due at `now` (a timer counts from its `notBefore`). */
export function dueAgeMs(job: Pick<OutboxJob, 'createdAt' | 'notBefore'>, now: Date): number {
  return Math.max(0, now.getTime() - Date.parse(job.notBefore ?? job.createdAt));
}
