import type { JsonValue, OutboxJob } from './outbox-job';

/** How one job type is put into words. */
export interface OutcomeWording {
  /** The task as a verb phrase: "create the ticket", "block terminal PC-0815". */
  task: string;
  /** The success sentence from the handler's result, e.g. (r) => `ticket ${r.number} created`. */
  success?: (result: JsonValue | undefined) => string;
}

/**
 * A sentence for the analyst about where a job stands, for the immediate answer ("on it") and for
 * the later report of its outcome.
 *
 * @example
 *   describeOutcome(job, { task: 'create the ticket', success: (r) => `ticket ${(r as { number: string }).number} created` })
 *   // succeeded → "ticket INC0012345 created"
 *   // given_up  → "I could not create the ticket after 6 attempts: HTTP 503 from ServiceNow (UPSTREAM_UNAVAILABLE)."
 */
export function describeOutcome(job: OutboxJob, wording: OutcomeWording): string {
  const error = job.lastError ? `${job.lastError.message} (${job.lastError.code})` : 'no error was recorded';
  switch (job.status) {
    case 'succeeded':
      return wording.success ? wording.success(job.result) : `Done: ${wording.task}.`;
    case 'failed':
      return `I could not ${wording.task}: ${error}. Retrying will not help; this needs a person to look at it.`;
    case 'given_up':
      return `I could not ${wording.task} after ${job.attempts} ${job.attempts === 1 ? 'attempt' : 'attempts'}: ${error}.`;
    case 'pending':
    case 'running': {
      // `attempts` counts the attempts started: while one runs, the last failed one is the one before.
      const lastFailed = job.status === 'running' ? job.attempts - 1 : job.attempts;
      return lastFailed <= 0
        ? `On it: I will ${wording.task} and report back here.`
        : `Still trying to ${wording.task} (attempt ${lastFailed} failed: ${error}); I will report back here.`;
    }
  }
}
