import { randomUUID } from 'node:crypto';
import { SocbotError } from '../errors';
import type { Logger } from '../logger';
import { runCancellableAttempt, type AttemptEnd } from './cancellable-attempt';
import type { JobHandler } from './job-handler';
import { asJson, toJobFailure, type JobFailure } from './job-failure';
import { FileOutboxStore } from './file-outbox-store';
import { fail, release, retryAgain, succeed } from './job-lifecycle';
import { isSettled, type EnqueueRequest, type JobStatus, type OutboxJob } from './outbox-job';
import type { OutboxKindStats, OutboxStore } from './outbox-store';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

/** Settings of an outbox; everything but `dataDir` has a production default. */
export interface OutboxOptions {
  /** SOCBOT_DATA_DIR: the outbox lives in `<dataDir>/outbox.json` unless `store` says otherwise. */
  dataDir: string;
  /**
   * Where the jobs live (default `<dataDir>/outbox.json`); with PostgreSQL a table every replica's
   * worker claims from (src/store/postgres/pg-outbox-store.ts).
   */
  store?: OutboxStore;
  /** Attempts running at the same time (default 4). */
  concurrency?: number;
  /** An attempt still running after this is aborted through its signal and counts as failed (default 30 s). */
  jobTimeoutMs?: number;
  /**
   * After a timeout or a stop aborted an attempt, how long its handler may still take to stop and
   * report what it had done (default the smaller of `jobTimeoutMs` and 2 s).
   */
  abortGraceMs?: number;
  retryPolicy?: Partial<RetryPolicy>;
  /** The worker also looks at the store this often, for jobs another process wrote (default 5 s). */
  pollIntervalMs?: number;
  /** Settled jobs older than this are removed at start (default 30 days); their keys can then be reused. */
  retentionMs?: number;
  now?: () => Date;
  logger?: Logger;
}

/** Called once with the final state of each job this process settled. */
export type SettledListener = (job: OutboxJob) => void;

/** A running attempt, so `stop()` can wait for it or cut it off. */
interface RunningAttempt {
  controller: AbortController;
  done: Promise<void>;
  /**
   * When its lease was last claimed or renewed (performance.now(), taken before the request was
   * sent, so never later than the database's own start of the lease).
   */
  leaseFrom: number;
  /** True once the handler returned (or was cut off): only its outcome is left to store. */
  handlerEnded: boolean;
}

/** The reason an attempt is aborted when the outbox stops: the job goes back to pending, not to a retry. */
class OutboxStopping extends Error {
  constructor() {
    super('the outbox is stopping');
  }
}

/**
 * The reason an attempt is aborted when its lease could not be renewed in time: another replica may
 * take the job over, so this one must stop; like a stop, the job goes back to pending (if it is
 * still this attempt's at all).
 */
class OutboxLeaseLost extends Error {
  constructor(leaseMs: number) {
    super(`the lease of the attempt (${leaseMs} ms) could not be renewed in time`);
  }
}

/**
 * The reason an attempt is aborted when a lease renewal finds its job no longer this worker's
 * (another replica took it over): it must stop at once; its outcome will not be stored.
 */
class OutboxJobTakenOver extends Error {
  constructor() {
    super('the job was taken over by another worker');
  }
}

/**
 * The persisted outbox of side effects: "nothing lost, nothing twice".
 *
 * - `enqueue` writes the job to its store (`<dataDir>/outbox.json`, or with PostgreSQL the table
 *   every replica's worker claims from: see OutboxStore) before anything attempts it; a second
 *   enqueue with the same idempotency key returns the first job instead of adding one.
 * - `start()` runs due jobs through the handler registered for their type, at most `concurrency`
 *   at a time, each attempt bounded by `jobTimeoutMs` (its AbortSignal fires; the handler then has
 *   `abortGraceMs` to stop and report its progress). Progress a handler saves (`saveProgress`) or
 *   reports on its error is kept for the next attempt, and nothing an attempt saves after its outcome
 *   was recorded reaches the job. Jobs left `running`
 *   by a killed process go back to `pending` first, or to `given_up` when their attempts or age ran
 *   out (a handler that kills the process must not run again at every start).
 * - A failed attempt is retried with exponential backoff and jitter (or after the provider's
 *   Retry-After), until `maxAttempts` or `maxAgeMs` runs out (`given_up`); a non-retryable error
 *   fails the job at once. Listeners of `onSettled` hear every final outcome.
 * - A job whose type has no handler in this process stays pending: a later process with the
 *   handler delivers it (nothing lost), and a warning is logged.
 *
 * @example
 *   const outbox = new Outbox({ dataDir: config.dataDir, logger });
 *   outbox.register('ticket.create', createTicket);
 *   outbox.onSettled((job) => tellAnalyst(job));
 *   await outbox.start();
 *   const job = await outbox.enqueue({ type: 'ticket.create', idempotencyKey: `ticket:${ref}`, payload: { ref } });
 *   const now = await outbox.waitFor(job.id, 3000); // isSettled(now) ? report : "on it, I'll report back"
 *   await outbox.stop();
 */
export class Outbox {
  private readonly store: OutboxStore;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly settledListeners = new Set<SettledListener>();
  private readonly waiters = new Map<string, Set<(job: OutboxJob) => void>>();
  private readonly running = new Map<string, RunningAttempt>();
  private readonly warnedTypes = new Set<string>();
  private readonly concurrency: number;
  private readonly jobTimeoutMs: number;
  private readonly abortGraceMs: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly pollIntervalMs: number;
  private readonly retentionMs: number;
  private readonly now: () => Date;
  private readonly logger: Logger | undefined;
  private started = false;
  private stopping = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private pumpAgain = false;
  private leaseTimer: NodeJS.Timeout | undefined;

  constructor(options: OutboxOptions) {
    this.store = options.store ?? new FileOutboxStore(options.dataDir);
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.jobTimeoutMs = options.jobTimeoutMs ?? 30_000;
    this.abortGraceMs = options.abortGraceMs ?? Math.min(this.jobTimeoutMs, 2000);
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.retentionMs = options.retentionMs ?? 30 * 24 * 60 * 60 * 1000;
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger;
  }

  /** True when other replicas run jobs from the same store (PostgreSQL): outcomes may settle elsewhere. */
  get shared(): boolean {
    return this.store.shared;
  }

  /** Where the jobs live (the data file's path, or the database), for messages. */
  get path(): string {
    return this.store.location;
  }

  /** Sets the handler for a job type (one per type; registering again replaces it). */
  register(type: string, handler: JobHandler): this {
    this.handlers.set(type, handler);
    this.warnedTypes.delete(type);
    if (this.started) this.wake();
    return this;
  }

  /**
   * Adds a job, on disk before it returns, or returns the job that already has this idempotency key
   * (whatever its status: a repeated request must not repeat the side effect).
   */
  async enqueue(request: EnqueueRequest): Promise<OutboxJob> {
    if (request.type === '' || request.idempotencyKey === '') {
      throw new SocbotError(
        'INPUT_INVALID',
        'An outbox job needs a type and an idempotency key. Derive the key from what makes the request unique (for example `ticket:${alertRef}`).',
        { type: request.type },
      );
    }
    if (request.notBefore !== undefined && Number.isNaN(Date.parse(request.notBefore))) {
      throw new SocbotError(
        'INPUT_INVALID',
        `An outbox job's notBefore must be an ISO time (new Date(…).toISOString()), not "${request.notBefore}".`,
        { type: request.type },
      );
    }
    const at = this.now().toISOString();
    const notBefore = request.notBefore !== undefined ? new Date(request.notBefore) : undefined;
    const job = await this.store.addIfKeyAbsent({
      id: `job-${randomUUID()}`,
      type: request.type,
      idempotencyKey: request.idempotencyKey,
      payload: structuredClone(request.payload),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: notBefore ? notBefore.toISOString() : at,
      origin: { ...request.origin },
      createdAt: at,
      updatedAt: at,
      ...(notBefore ? { notBefore: notBefore.toISOString() } : {}),
    });
    if (this.started) this.wake();
    return job;
  }

  /** The job as stored, or undefined. */
  async get(jobId: string): Promise<OutboxJob | undefined> {
    return this.store.get(jobId);
  }

  /** All stored jobs, oldest first, optionally only those with one of `statuses`. */
  async list(statuses?: readonly JobStatus[]): Promise<OutboxJob[]> {
    return this.store.list(statuses);
  }

  /** Pending and running jobs per type, with the age of the oldest (for /metrics). */
  async stats(): Promise<OutboxKindStats[]> {
    return this.store.stats(this.now());
  }

  /**
   * True for the first caller, in any replica, for this outcome of the job: that one tells the
   * analyst (OutcomeReports). A job a person retried has a new outcome to tell.
   */
  async claimReport(job: Pick<OutboxJob, 'id' | 'retries'>): Promise<boolean> {
    return this.store.claimReport(job.id, job.retries ?? 0);
  }

  /**
   * Puts a given-up or failed job back to pending with a fresh retry budget (a person asked:
   * `socbot outbox retry`, the Retry button) and returns it. A job that is pending, running or
   * succeeded is returned unchanged: asking twice does not run it twice. Throws INPUT_INVALID for
   * an unknown id.
   */
  async retry(jobId: string): Promise<{ job: OutboxJob; changed: boolean }> {
    const now = this.now();
    const outcome = await this.store.change(jobId, (job) => {
      const changed = job.status === 'given_up' || job.status === 'failed';
      if (changed) retryAgain(job, now);
      return changed;
    });
    if (!outcome) throw unknownJob(jobId);
    if (outcome.changed && this.started) this.wake();
    return outcome;
  }

  /**
   * Removes a job that is not running (a person decided it must not happen, or no longer
   * matters) and returns it as it was. Throws INPUT_INVALID for an unknown id or a running job.
   */
  async drop(jobId: string): Promise<OutboxJob> {
    const dropped = await this.store.drop(jobId);
    if (!dropped) throw unknownJob(jobId);
    if (dropped.status === 'running') {
      throw new SocbotError(
        'INPUT_INVALID',
        `The outbox job ${jobId} is running an attempt right now; wait for it to end (\`socbot outbox list\`), then drop it if it still needs dropping.`,
        { jobId },
      );
    }
    return dropped;
  }

  /** Registers a listener for final outcomes; returns the function that removes it. */
  onSettled(listener: SettledListener): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  /**
   * Resolves with the job once it is settled, or with the job as it stands after `ms`: a turn can
   * wait briefly for a fast system and otherwise answer "on it, I'll report back" (the outcome then
   * reaches `onSettled`). Throws INPUT_INVALID for an unknown job id.
   */
  async waitFor(jobId: string, ms: number): Promise<OutboxJob> {
    return new Promise<OutboxJob>((resolve, reject) => {
      // The job as last read: answered if the final read fails (the job is stored and safe; only
      // its outcome is unknown for now, and it still reaches `onSettled`).
      let lastSeen: OutboxJob | undefined;
      let poll: NodeJS.Timeout | undefined;
      // Every way out clears both timers and the waiter, so nothing outlives the wait.
      const stopWaiting = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.removeWaiter(jobId, waiter);
      };
      const waiter = (job: OutboxJob): void => {
        stopWaiting();
        resolve(job);
      };
      // A read that fails mid-wait (a database blip) is not the job's outcome: wait on.
      const readFailed = (error: unknown): void => {
        this.logger?.warn(
          { err: error, jobId },
          'outbox: could not read the job while waiting for its outcome; reading again',
        );
      };
      const timer = setTimeout(() => {
        stopWaiting();
        this.get(jobId).then(
          (job) => (job ? resolve(job) : reject(unknownJob(jobId))),
          (error: unknown) => {
            if (!lastSeen) return reject(error);
            readFailed(error);
            resolve(lastSeen);
          },
        );
      }, ms);
      const readAgain = (): void => {
        this.get(jobId).then((job) => {
          if (job) lastSeen = job;
          if (job && isSettled(job)) waiter(job);
        }, readFailed);
      };
      // Another replica may settle it: a shared store is read again until then.
      if (this.store.shared) poll = setInterval(readAgain, SHARED_WAIT_POLL_MS);
      this.addWaiter(jobId, waiter);
      // The job may have settled before the waiter was added.
      this.get(jobId).then((job) => {
        if (!job) {
          stopWaiting();
          reject(unknownJob(jobId));
          return;
        }
        lastSeen = job;
        if (isSettled(job)) waiter(job);
      }, readFailed);
    });
  }

  /**
   * Starts the worker: removes settled jobs past retention, puts jobs left `running` by a killed
   * process back to pending (or gives them up, announced to `onSettled`, when `maxAttempts` or
   * `maxAgeMs` ran out), and runs what is due. Resolves with how many jobs went back to pending.
   */
  async start(): Promise<{ recovered: number }> {
    if (this.started) return { recovered: 0 };
    const now = this.now();
    const { recovered, givenUp, pruned } = await this.store.prepareStart(
      now,
      this.retryPolicy,
      this.retentionMs,
    );
    this.logRecovery(recovered, givenUp, 'at start');
    if (pruned > 0) this.logger?.info({ pruned }, 'outbox: removed settled jobs past retention');
    this.started = true;
    this.stopping = false;
    // Told like any other final outcome, so the analyst hears that it will not happen.
    for (const job of givenUp) this.announce(job);
    this.startRenewingLeases();
    this.wake();
    return { recovered };
  }

  /**
   * Stops taking jobs and waits up to `graceMs` (default 10 s) for running attempts; attempts still
   * running then are aborted and their jobs go back to pending for the next start, with the progress
   * they saved or reported (at most `abortGraceMs` more). Everything is on disk when it resolves.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.stopping = true;
    this.started = false;
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    // A pass in progress may still claim and start jobs: let it finish before looking at what runs.
    await this.pumping;
    const attempts = [...this.running.values()];
    if (attempts.length > 0) {
      const finished = await settledWithin(
        attempts.map((a) => a.done),
        options.graceMs ?? 10_000,
      );
      if (!finished) {
        for (const attempt of attempts) attempt.controller.abort(new OutboxStopping());
        await Promise.allSettled(attempts.map((a) => a.done));
      }
    }
    // Leases renewed until every attempt's outcome is stored: none is taken over while it ends.
    clearInterval(this.leaseTimer);
    this.leaseTimer = undefined;
    await this.store.flush();
  }

  /** Jobs found abandoned: logged like the start-up recovery always was. */
  private logRecovery(recovered: number, givenUp: readonly OutboxJob[], when: string): void {
    if (recovered > 0) {
      this.logger?.warn(
        { recovered, store: this.path },
        `outbox: jobs left running by a stopped process go back to pending ${when} (they may run twice; idempotency keys make that safe)`,
      );
    }
    for (const job of givenUp) {
      this.logger?.error(
        { jobId: job.id, type: job.type, attempts: job.attempts, code: job.lastError?.code },
        `outbox: job given up ${when}: ${job.lastError?.message ?? ''}`,
      );
    }
  }

  /**
   * With a shared store, the running attempts' leases are renewed while they run, so a long
   * attempt of a live worker is never taken over; a worker that died stops renewing. An attempt
   * whose renewals failed (the database unreachable) is aborted while its lease still holds: once
   * it ran out another replica may run the job, and two attempts must not run at once.
   */
  private startRenewingLeases(): void {
    const every = this.store.leaseRenewalMs;
    const leaseMs = this.store.leaseMs;
    if (every === undefined || leaseMs === undefined || this.leaseTimer) return;
    this.leaseTimer = setInterval(() => {
      if (this.running.size === 0) return;
      this.abortAttemptsLosingTheirLease(leaseMs, every);
      // Aborted attempts too: they are renewed until their outcome is stored (a stop's grace period).
      const attempts = [...this.running.entries()];
      const sentAt = performance.now();
      this.store.renewLeases(attempts.map(([jobId]) => jobId)).then(
        (renewed) => {
          const stillMine = new Set(renewed);
          for (const [jobId, attempt] of attempts) {
            if (stillMine.has(jobId)) attempt.leaseFrom = Math.max(attempt.leaseFrom, sentAt);
            else this.abortTakenOver(jobId, attempt);
          }
        },
        (error: unknown) =>
          this.logger?.error({ err: error }, 'outbox: could not renew the leases of running attempts'),
      );
    }, every);
    this.leaseTimer.unref();
  }

  /**
   * Aborts the attempts with less than one and a half renewal intervals left on their lease: their
   * last renewal failed (or has not answered), and waiting for the next one would let the lease run
   * out while they still run. Their late outcome is dropped if the job was taken over meanwhile.
   */
  private abortAttemptsLosingTheirLease(leaseMs: number, every: number): void {
    const now = performance.now();
    for (const [jobId, attempt] of this.running) {
      if (attempt.controller.signal.aborted) continue;
      const left = attempt.leaseFrom + leaseMs - now;
      if (left >= every * 1.5) continue;
      this.logger?.error(
        { jobId, leaseMs, leftMs: Math.max(0, Math.round(left)) },
        'outbox: the lease of a running attempt could not be renewed; the attempt is aborted before another replica may take the job over',
      );
      attempt.controller.abort(new OutboxLeaseLost(leaseMs));
    }
  }

  /**
   * A renewal found the attempt's job no longer this worker's: another replica took it over while
   * this one's lease accounting still counted on it (a renewal delayed in the database, a stall it
   * missed). Two attempts must not run at once, so this one stops now.
   */
  private abortTakenOver(jobId: string, attempt: RunningAttempt): void {
    if (attempt.handlerEnded || attempt.controller.signal.aborted) return;
    this.logger?.error(
      { jobId },
      "outbox: the job of a running attempt is no longer this replica's (taken over by another replica, or dropped by a person); this attempt is aborted and its outcome dropped",
    );
    attempt.controller.abort(new OutboxJobTakenOver());
  }

  /** Asks the worker to look for due jobs now (coalesced: one pass at a time). */
  private wake(): void {
    if (!this.started) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump()
      .catch((error: unknown) => {
        this.logger?.error({ err: error }, 'outbox: the worker could not read the outbox');
        // A database that is down comes back by itself: look again after the poll interval
        // (a damaged outbox.json does not, and is reported once).
        if (this.store.shared) this.scheduleWake(undefined);
      })
      .finally(() => {
        this.pumping = undefined;
      });
  }

  private async pump(): Promise<void> {
    do {
      this.pumpAgain = false;
      if (!this.started) return;
      const { claimed, claimedFrom, nextDueAt } = await this.claimDueJobs();
      for (const job of claimed) this.runAttempt(job, claimedFrom);
      this.scheduleWake(nextDueAt);
    } while (this.pumpAgain);
  }

  /**
   * Claims (in the store) as many due jobs with a handler as there are free slots; with a shared
   * store also takes over jobs whose worker died (their lease ran out).
   */
  private async claimDueJobs(): Promise<{
    claimed: OutboxJob[];
    claimedFrom: number;
    nextDueAt: number | undefined;
  }> {
    // Taken before the claim is sent: the lease the database grants starts no earlier.
    const claimedFrom = performance.now();
    const { claimed, recovered, givenUp, nextDueAt } = await this.store.claimDue({
      now: this.now(),
      limit: this.concurrency - this.running.size,
      types: [...this.handlers.keys()],
      busy: new Set(this.running.keys()),
      policy: this.retryPolicy,
      onUnhandled: (job) => this.warnUnhandled(job),
    });
    this.logRecovery(recovered, givenUp, 'after their lease ran out');
    for (const job of givenUp) this.announce(job);
    return { claimed, claimedFrom, nextDueAt };
  }

  private warnUnhandled(job: OutboxJob): void {
    if (!this.warnedTypes.has(job.type)) {
      this.warnedTypes.add(job.type);
      this.logger?.warn(
        { type: job.type, jobId: job.id },
        'outbox: no handler for this job type in this process; its jobs stay pending until one is registered',
      );
    }
  }

  private scheduleWake(nextDueAt: number | undefined): void {
    clearTimeout(this.wakeTimer);
    if (!this.started) return;
    const untilDue = nextDueAt === undefined ? Infinity : Math.max(0, nextDueAt - this.now().getTime());
    this.wakeTimer = setTimeout(() => this.wake(), Math.min(untilDue, this.pollIntervalMs));
    // The worker alone must not keep a CLI process alive.
    this.wakeTimer.unref();
  }

  private runAttempt(job: OutboxJob, leaseFrom: number): void {
    const running: RunningAttempt = {
      controller: new AbortController(),
      done: Promise.resolve(),
      leaseFrom,
      handlerEnded: false,
    };
    running.done = this.attempt(job, running)
      .catch((error: unknown) =>
        // The outcome could not be stored: the job stays `running` on disk and is recovered at the next start.
        this.logger?.error(
          { err: error, jobId: job.id },
          'outbox: could not record the outcome of an attempt',
        ),
      )
      .finally(() => {
        this.running.delete(job.id);
        this.wake();
      });
    this.running.set(job.id, running);
  }

  private async attempt(job: OutboxJob, running: RunningAttempt): Promise<void> {
    const { controller } = running;
    const handler = this.handlers.get(job.type);
    const log = { jobId: job.id, type: job.type, attempt: job.attempts };
    const end: AttemptEnd<OutboxJob['result']> = handler
      ? await runCancellableAttempt(
          (signal) =>
            handler(structuredClone(job.payload), {
              idempotencyKey: job.idempotencyKey,
              signal,
              attempt: job.attempts,
              progress: structuredClone(job.progress),
              saveProgress: (progress) => this.saveProgress(job, progress),
            }),
          controller,
          { timeoutMs: this.jobTimeoutMs, graceMs: this.abortGraceMs },
        )
      : {
          kind: 'finished',
          outcome: { status: 'rejected', reason: new Error(`no handler for ${job.type}`) },
        };
    running.handlerEnded = true;
    const outcome = outcomeOf(end);

    const now = this.now();
    const stored = await this.store.changeClaimed(job.id, job.attempts, (current) => {
      if (outcome.ok) succeed(current, outcome.result, now);
      else if (outcome.stopped) release(current, now, outcome.failure.progress);
      else fail(current, outcome.failure, this.retryPolicy, now);
    });
    if (!stored) {
      this.logger?.warn(
        log,
        'outbox: the job changed while this attempt ran (recovered by another start, or taken over by another replica after its lease ran out); its outcome is dropped',
      );
      return;
    }
    if (outcome.ok) {
      this.logger?.info(log, 'outbox: job succeeded');
    } else {
      this.logger?.warn(
        { ...log, code: outcome.failure.code, status: stored.status, nextAttemptAt: stored.nextAttemptAt },
        `outbox: attempt failed: ${outcome.failure.message}`,
      );
    }
    if (isSettled(stored)) this.announce(stored);
  }

  /**
   * Stores what the running attempt has done so far, so a timeout, a stop or a crash cannot lose
   * it. Only while the attempt is the claimed one: once its outcome is recorded (the job is pending
   * for the next attempt, or settled) a late save from a handler that ignored its signal is dropped,
   * so it can never overwrite what the next attempt does.
   */
  private async saveProgress(job: OutboxJob, progress: unknown): Promise<void> {
    const stored = asJson(progress);
    const saved = await this.store.changeClaimed(job.id, job.attempts, (current) => {
      current.progress = stored;
    });
    if (!saved) {
      this.logger?.warn(
        { jobId: job.id, type: job.type, attempt: job.attempts },
        'outbox: progress saved after the attempt was over is dropped (the handler did not stop on its signal)',
      );
    }
  }

  private announce(job: OutboxJob): void {
    for (const waiter of [...(this.waiters.get(job.id) ?? [])]) waiter(structuredClone(job));
    for (const listener of this.settledListeners) {
      try {
        listener(structuredClone(job));
      } catch (error) {
        this.logger?.error({ err: error, jobId: job.id }, 'outbox: a settled listener threw');
      }
    }
  }

  private addWaiter(jobId: string, waiter: (job: OutboxJob) => void): void {
    const set = this.waiters.get(jobId) ?? new Set();
    set.add(waiter);
    this.waiters.set(jobId, set);
  }

  private removeWaiter(jobId: string, waiter: (job: OutboxJob) => void): void {
    const set = this.waiters.get(jobId);
    set?.delete(waiter);
    if (set?.size === 0) this.waiters.delete(jobId);
  }
}

/** What an attempt's end means for its job. */
type AttemptOutcome =
  { ok: true; result: OutboxJob['result'] } | { ok: false; failure: JobFailure; stopped: boolean };

/**
 * A handler that finished, even after its signal fired, did its work: its result or error stands.
 * A cut-off attempt fails with the abort's reason (TIMEOUT, or back to pending on a stop), keeping
 * the progress the handler reported when it stopped, so nothing it delivered is delivered again.
 */
function outcomeOf(end: AttemptEnd<OutboxJob['result']>): AttemptOutcome {
  if (end.kind === 'finished') {
    return end.outcome.status === 'fulfilled'
      ? { ok: true, result: end.outcome.value }
      : { ok: false, failure: toJobFailure(end.outcome.reason), stopped: false };
  }
  if (end.late?.status === 'fulfilled') return { ok: true, result: end.late.value };
  const failure = toJobFailure(end.reason);
  const reported = end.late ? toJobFailure(end.late.reason).progress : undefined;
  return {
    ok: false,
    failure: reported === undefined ? failure : { ...failure, progress: reported },
    // Back to pending either way: a stop is no failure, and a lost lease is this worker's, not the job's.
    stopped:
      end.reason instanceof OutboxStopping ||
      end.reason instanceof OutboxLeaseLost ||
      end.reason instanceof OutboxJobTakenOver,
  };
}

/** How often a waiter reads a shared store for an outcome another replica may have settled. */
const SHARED_WAIT_POLL_MS = 200;

/** True when every promise settled within `ms`. */
async function settledWithin(promises: Promise<unknown>[], ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const all = Promise.allSettled(promises).then(() => true as const);
  try {
    return await Promise.race([all, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function unknownJob(jobId: string): SocbotError {
  return new SocbotError(
    'INPUT_INVALID',
    `There is no outbox job ${jobId}. \`socbot outbox list --all\` shows the ids there are; settled jobs are removed after the retention period.`,
    { jobId },
  );
}
