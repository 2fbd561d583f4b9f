import type { ProactiveDelivery } from '../integrations/notify/proactive-delivery';
import type { Logger } from '../logger';
import type { Outbox } from '../outbox/outbox';
import { isSettled, type OutboxJob } from '../outbox/outbox-job';
import { jobRetryCard } from '../conversation/job-retry';
import { describeOutcome, type OutcomeWording } from '../outbox/outcome-message';
import { MemoryToldOutcomes, type ToldOutcomes } from './told-outcomes';

/** How a stored job is put into words (JOB_KINDS.wordingOf in socbot). */
export type JobWordingOf = (job: OutboxJob) => OutcomeWording;

/** The content type of an Adaptive Card attachment. */
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

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
 * @example
 *   const reports = new OutcomeReports(outbox, delivery, (job) => JOB_KINDS.wordingOf(job), logger);
 *   const job = await outbox.enqueue(request);
 *   reports.hold(job.id);
 *   const lines = await reports.waitAndDescribe([job.id], 3000); // in the turn
 */
export class OutcomeReports {
  private readonly held = new Map<string, NodeJS.Timeout>();
  /** Proactive messages on their way, so a stop does not cut them off. */
  private readonly sending = new Set<Promise<void>>();
  private readonly stopListening: () => void;

  constructor(
    private readonly outbox: Outbox,
    private readonly delivery: ProactiveDelivery,
    private readonly wordingOf: JobWordingOf,
    private readonly logger: Logger,
    /** Who told which outcome; shared by replicas on PostgreSQL, so none is told twice. */
    private readonly told: ToldOutcomes = new MemoryToldOutcomes(),
  ) {
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
  async waitAndDescribe(jobIds: readonly string[], windowMs: number): Promise<string[]> {
    for (const id of jobIds) this.hold(id);
    const deadline = Date.now() + windowMs;
    try {
      const jobs = await Promise.all(
        jobIds.map((id) => this.outbox.waitFor(id, Math.max(0, deadline - Date.now()))),
      );
      const lines: string[] = [];
      for (const waited of jobs) {
        this.unhold(waited.id);
        if (isSettled(waited)) {
          // Settled while held: nobody else told about it (or it is an earlier request's job, told
          // again to whoever asks again). Claimed, so no proactive message follows.
          await this.claim(waited);
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

  private reportLater(job: OutboxJob): void {
    const key = job.origin.conversationKey;
    if (!key) return;
    const sent = (async () => {
      if (!(await this.claim(job))) return;
      // Not done and not tried again by itself: the message carries the way back.
      const retryable = job.status === 'given_up' || job.status === 'failed';
      const text = sentence(describeOutcome(job, this.wordingOf(job), { retryButton: retryable }));
      const attachments = retryable ? [{ contentType: ADAPTIVE_CARD, content: jobRetryCard(job.id) }] : [];
      await this.delivery.deliver(key, { text, ...(retryable ? { attachments } : {}) });
    })()
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
   */
  private claim(job: Pick<OutboxJob, 'id' | 'retries'>): Promise<boolean> {
    return this.told.claim(`${job.id}#${job.retries ?? 0}`);
  }
}

/** Outcome sentences may or may not end with a full stop; replies join them with spaces. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}
