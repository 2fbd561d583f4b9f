import type { ProactiveDelivery } from '../integrations/notify/proactive-delivery';
import type { Logger } from '../logger';
import type { Outbox } from '../outbox/outbox';
import { isSettled, type OutboxJob } from '../outbox/outbox-job';
import { jobRetryCard } from '../conversation/job-retry';
import { describeOutcome, type OutcomeWording } from '../outbox/outcome-message';
import type { JobStanding, QueuedAction } from '../skills/types';

/** How a stored job is put into words (JOB_KINDS.wordingOf in socbot). */
export type JobWordingOf = (job: OutboxJob) => OutcomeWording;

/** The content type of an Adaptive Card attachment. */
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** How long a reported job id is remembered, so a late duplicate event cannot report it twice. */
const REMEMBER_REPORTED_MS = 10 * 60 * 1000;
/**
 * A held job is released after this even if its turn never reported it (a skill that queued an
 * action and did not call `report`): its outcome then goes out as a proactive message.
 */
const HOLD_LIMIT_MS = 60_000;

/**
 * Tells the analyst the outcome of every side effect exactly once: in the turn that asked for it
 * when the job settles within the acknowledgement window, otherwise by a proactive message to the
 * conversation it came from (also after a restart: the outbox keeps the conversation key).
 *
 * Why the bookkeeping: a fast provider may settle a job before its turn even starts waiting, and the
 * outbox announces a settled job to its waiters and listeners at the same moment. So a turn `hold`s
 * each job as soon as it is queued; the listener leaves held jobs to the turn, and `claim` decides
 * who tells about a job whose wait ran out.
 *
 * Across replicas (a shared PostgreSQL outbox) the job may be settled by another replica's worker,
 * whose listener knows nothing of this turn's hold: `claim` also asks the outbox
 * (`Outbox.claimReport`, a conditional update), so of the turn and that replica's proactive message
 * exactly one tells. A job the turn queued is described only if the turn wins that claim; one
 * already settled when it was queued (an earlier request's job: a Confirm pressed twice) is described
 * again with that outcome, since the analyst asked again. Which of the two a job is, the turn says
 * from the job as the outbox returned it when queued (`whenQueued`), not from when it got to read it:
 * a slow turn would otherwise take a job another replica settled and told meanwhile for an earlier
 * request's, and tell it twice.
 *
 * @example
 *   const reports = new OutcomeReports(outbox, delivery, (job) => JOB_KINDS.wordingOf(job), logger);
 *   const job = await outbox.enqueue(request);
 *   reports.hold(job.id);
 *   const lines = await reports.waitAndDescribe([queuedActionOf(job, 'create the ticket')], 3000); // in the turn
 */
export class OutcomeReports {
  private readonly held = new Map<string, NodeJS.Timeout>();
  private readonly reported = new Set<string>();
  /** Proactive messages on their way, so a stop does not cut them off. */
  private readonly sending = new Set<Promise<void>>();
  private readonly stopListening: () => void;
  private readonly sharedHoldMs: number;
  /** Proactive reports waiting for a turn on another replica to tell the outcome first. */
  private readonly deferred = new Map<NodeJS.Timeout, () => void>();

  constructor(
    private readonly outbox: Outbox,
    private readonly delivery: ProactiveDelivery,
    private readonly wordingOf: JobWordingOf,
    private readonly logger: Logger,
    options: OutcomeReportsOptions = {},
  ) {
    this.sharedHoldMs = options.sharedHoldMs ?? DEFAULT_SHARED_HOLD_MS;
    this.stopListening = outbox.onSettled((job) => {
      if (this.held.has(job.id)) return;
      this.reportLater(job);
    });
  }

  /** Called right after a turn queued the job: its outcome belongs to that turn's answer for now. */
  hold(jobId: string): void {
    if (this.held.has(jobId)) return;
    const timer = setTimeout(() => void this.releaseUnreported(jobId), HOLD_LIMIT_MS);
    timer.unref();
    this.held.set(jobId, timer);
  }

  /**
   * Waits up to `windowMs` for the jobs (together) and returns one sentence per job, in order:
   * the outcome of those that settled, "on it, I'll report back" for the others (whose outcome then
   * comes by proactive message).
   */
  async waitAndDescribe(queued: readonly WaitedJob[], windowMs: number): Promise<string[]> {
    const jobIds = queued.map((job) => job.jobId);
    for (const id of jobIds) this.hold(id);
    const deadline = Date.now() + windowMs;
    try {
      const earlier = this.outbox.shared ? await this.earlierOutcomes(queued) : new Map<string, number>();
      const jobs = await Promise.all(
        jobIds.map((id) => this.outbox.waitFor(id, Math.max(0, deadline - Date.now()))),
      );
      const lines: string[] = [];
      for (const waited of jobs) {
        this.unhold(waited.id);
        if (isSettled(waited)) {
          // Settled while held: nobody else here told about it (or it is an earlier request's job);
          // another replica that settled it may have told it by message meanwhile.
          const mine = await this.claim(waited);
          // The outcome it already had when the turn queued it: an earlier request's, asked for again.
          const outcomeAsQueued = earlier.get(waited.id) === (waited.retries ?? 0);
          if (!mine && this.outbox.shared && !outcomeAsQueued) continue;
          lines.push(sentence(describeOutcome(waited, this.wordingOf(waited))));
          continue;
        }
        // Read again: it may have settled after the wait ran out, while it was still held.
        const job = (await this.outbox.get(waited.id)) ?? waited;
        if (isSettled(job) && !(await this.claim(job))) continue;
        lines.push(sentence(describeOutcome(job, this.wordingOf(job))));
      }
      return lines;
    } finally {
      for (const id of jobIds) this.unhold(id);
    }
  }

  /** Stops listening to the outbox and waits for the proactive messages already on their way. */
  async close(): Promise<void> {
    this.stopListening();
    for (const timer of this.held.values()) clearTimeout(timer);
    this.held.clear();
    // Deferred reports go out now (unless a turn told them meanwhile) rather than never.
    for (const run of [...this.deferred.values()]) run();
    await Promise.allSettled([...this.sending]);
  }

  private unhold(jobId: string): void {
    clearTimeout(this.held.get(jobId));
    this.held.delete(jobId);
  }

  /** The turn never reported a held job: tell its outcome the proactive way, if it has one. */
  private async releaseUnreported(jobId: string): Promise<void> {
    this.unhold(jobId);
    const job = await this.outbox.get(jobId).catch(() => undefined);
    if (job && isSettled(job)) this.reportLater(job);
  }

  /**
   * The jobs that were already settled when the turn queued them (earlier requests' jobs), with the
   * outcome they had then (its retries): as the turn saw them, or, for a job whose standing it does
   * not say, as the outbox has it now.
   */
  private async earlierOutcomes(queued: readonly WaitedJob[]): Promise<Map<string, number>> {
    const earlier = new Map<string, number>();
    await Promise.all(
      queued.map(async ({ jobId, whenQueued }) => {
        const now = whenQueued ? undefined : await this.outbox.get(jobId);
        const standing = whenQueued ?? (now && standingOf(now));
        if (standing?.settled) earlier.set(jobId, standing.retries);
      }),
    );
    return earlier;
  }

  private reportLater(job: OutboxJob): void {
    const key = job.origin.conversationKey;
    if (!key) return;
    // Another replica's turn may be waiting for this job (its hold is not known here): let it tell first.
    const untilHoldEnds = this.outbox.shared ? Date.parse(job.createdAt) + this.sharedHoldMs - Date.now() : 0;
    if (untilHoldEnds > 0) {
      const run = (): void => {
        clearTimeout(timer);
        this.deferred.delete(timer);
        this.send(job, key);
      };
      const timer = setTimeout(run, untilHoldEnds);
      this.deferred.set(timer, run);
      return;
    }
    this.send(job, key);
  }

  /** Tells the outcome by message, if nobody (here or on another replica) told it yet. */
  private send(job: OutboxJob, key: string): void {
    // Not done and not tried again by itself: the message carries the way back.
    const retryable = job.status === 'given_up' || job.status === 'failed';
    const text = sentence(describeOutcome(job, this.wordingOf(job), { retryButton: retryable }));
    const attachments = retryable ? [{ contentType: ADAPTIVE_CARD, content: jobRetryCard(job.id) }] : [];
    const sent = this.claim(job)
      .then((mine) =>
        mine ? this.delivery.deliver(key, { text, ...(retryable ? { attachments } : {}) }) : undefined,
      )
      .catch((error: unknown) => {
        this.logger.warn(
          { err: error, jobId: job.id, conversationKey: key },
          'could not tell the analyst the outcome of a side effect; it is in the audit trail',
        );
      })
      .finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }

  /**
   * True for the first caller for this outcome of the job: that one tells the analyst. A job a
   * person retried (`retries`) has a new outcome to tell, even within the remembering window.
   * Decided here first (no round trip for a duplicate event), then by the outbox's store, which
   * other replicas ask too. A store that cannot be asked: this process tells (told twice beats
   * never told).
   */
  private async claim(job: Pick<OutboxJob, 'id' | 'retries'>): Promise<boolean> {
    const outcome = `${job.id}#${job.retries ?? 0}`;
    if (this.reported.has(outcome)) return false;
    this.reported.add(outcome);
    setTimeout(() => this.reported.delete(outcome), REMEMBER_REPORTED_MS).unref();
    return this.outbox.claimReport(job).catch((error: unknown) => {
      this.logger.warn(
        { err: error, jobId: job.id },
        "could not record that a side effect's outcome was told; telling it anyway",
      );
      return true;
    });
  }
}

/** A job a turn waits for, and how it stood when the turn queued it (unknown: read when the wait begins). */
export type WaitedJob = Pick<QueuedAction, 'jobId' | 'whenQueued'>;

/** How a job stands now: settled or not, and which outcome (a person's retry makes a new one). */
function standingOf(job: Pick<OutboxJob, 'status' | 'retries'>): JobStanding {
  return { settled: isSettled(job), retries: job.retries ?? 0 };
}

/** The queued action of a job as the outbox returned it when queued, for the turn's `report`. */
export function queuedActionOf(
  job: Pick<OutboxJob, 'id' | 'status' | 'retries'>,
  description: string,
): QueuedAction {
  return { jobId: job.id, description, whenQueued: standingOf(job) };
}

/** Settings of the outcome reports. */
export interface OutcomeReportsOptions {
  /**
   * With a shared outbox, a job settled here within this long of being queued is told by message
   * only after this (default 4 s: the default 3 s acknowledgement window and a margin): the turn
   * that queued it, on another replica, tells it first if it is waiting for it.
   */
  sharedHoldMs?: number;
}

const DEFAULT_SHARED_HOLD_MS = 4000;

/** Outcome sentences may or may not end with a full stop; replies join them with spaces. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}
