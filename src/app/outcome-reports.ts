import type { ProactiveSender } from '../integrations/notify/proactive-sender';
import type { Logger } from '../logger';
import type { Outbox } from '../outbox/outbox';
import { isSettled, type OutboxJob } from '../outbox/outbox-job';
import { describeOutcome } from '../outbox/outcome-message';
import { jobWording } from './job-wording';

/** How long a reported job id is remembered, so a late duplicate event cannot report it twice. */
const REMEMBER_REPORTED_MS = 10 * 60 * 1000;

/**
 * Tells the analyst the outcome of every side effect exactly once: in the turn that asked for it
 * when the job settles within the acknowledgement window, otherwise by a proactive message to the
 * conversation it came from (also after a restart: the outbox keeps the conversation key).
 *
 * Why the bookkeeping: the outbox announces a settled job to its waiters and to its listeners at the
 * same moment; a job the turn is still waiting for belongs to the turn's answer, and a job whose wait
 * ran out belongs to the proactive report. `claim` decides who tells, once.
 *
 * @example
 *   const reports = new OutcomeReports(outbox, sender, logger);
 *   const lines = await reports.waitAndDescribe(jobIds, 3000); // in the turn
 */
export class OutcomeReports {
  private readonly awaitedInTurn = new Set<string>();
  private readonly reported = new Set<string>();
  /** Proactive messages on their way, so a stop does not cut them off. */
  private readonly sending = new Set<Promise<void>>();
  private readonly stopListening: () => void;

  constructor(
    private readonly outbox: Outbox,
    private readonly sender: ProactiveSender,
    private readonly logger: Logger,
  ) {
    this.stopListening = outbox.onSettled((job) => {
      if (this.awaitedInTurn.has(job.id)) return;
      this.reportLater(job);
    });
  }

  /**
   * Waits up to `windowMs` for the jobs (together) and returns one sentence per job, in order:
   * the outcome of those that settled, "on it, I'll report back" for the others.
   */
  async waitAndDescribe(jobIds: readonly string[], windowMs: number): Promise<string[]> {
    for (const id of jobIds) this.awaitedInTurn.add(id);
    const deadline = Date.now() + windowMs;
    try {
      const jobs = await Promise.all(
        jobIds.map((id) => this.outbox.waitFor(id, Math.max(0, deadline - Date.now()))),
      );
      const lines: string[] = [];
      for (const waited of jobs) {
        this.awaitedInTurn.delete(waited.id);
        // Read again: it may have settled after the wait ran out, before it left `awaitedInTurn`.
        const job = isSettled(waited) ? waited : ((await this.outbox.get(waited.id)) ?? waited);
        if (isSettled(job) && !this.claim(job.id)) continue;
        lines.push(sentence(describeOutcome(job, jobWording(job))));
      }
      return lines;
    } finally {
      for (const id of jobIds) this.awaitedInTurn.delete(id);
    }
  }

  /** Stops listening to the outbox and waits for the proactive messages already on their way. */
  async close(): Promise<void> {
    this.stopListening();
    await Promise.allSettled([...this.sending]);
  }

  private reportLater(job: OutboxJob): void {
    const key = job.origin.conversationKey;
    if (!key || !this.claim(job.id)) return;
    const text = sentence(describeOutcome(job, jobWording(job)));
    const sent = this.sender
      .send(key, { type: 'message', text })
      .catch((error: unknown) => {
        this.logger.warn(
          { err: error, jobId: job.id, conversationKey: key },
          'could not tell the analyst the outcome of a side effect; it is in the audit trail',
        );
      })
      .finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }

  /** True for the first caller for this job: that one tells the analyst. */
  private claim(jobId: string): boolean {
    if (this.reported.has(jobId)) return false;
    this.reported.add(jobId);
    setTimeout(() => this.reported.delete(jobId), REMEMBER_REPORTED_MS).unref();
    return true;
  }
}

/** Outcome sentences may or may not end with a full stop; replies join them with spaces. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}
