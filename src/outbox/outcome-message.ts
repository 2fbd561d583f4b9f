import type { JsonValue, OutboxJob } from './outbox-job';

/** How one job type is put into words. */
export interface OutcomeWording {
  /** The task as a verb phrase: "create the ticket", "block terminal PC-0815". */
  task: string;
  /** The success sentence from the handler's result, e.g. (r) => `ticket ${r.number} created`. */
  success?: (result: JsonValue | undefined) => string;
}

/** Where the sentence goes: a message with a Retry button says so. */
export interface OutcomeContext {
  retryButton?: boolean;
}

/**
 * A sentence for the analyst about where a job stands, for the immediate answer ("on it") and for
 * the later report of its outcome. A job that ended without being done says so plainly, and how
 * to ask for it again: socbot never retries it by itself.
 *
 * @example
 *   describeOutcome(job, { task: 'create the ticket', success: (r) => `ticket ${(r as { number: string }).number} created` })
 *   // succeeded → "ticket INC0012345 created"
 *   // given_up  → "I could not create the ticket after 6 attempts: HTTP 503 from ServiceNow (UPSTREAM_UNAVAILABLE).
 *   //              It was NOT done, and socbot will not try again by itself: an operator can run `socbot outbox retry job-…` once the service is back."
 */
export function describeOutcome(
  job: OutboxJob,
  wording: OutcomeWording,
  context: OutcomeContext = {},
): string {
  const error = job.lastError ? `${job.lastError.message} (${job.lastError.code})` : 'no error was recorded';
  switch (job.status) {
    case 'succeeded':
      return wording.success ? wording.success(job.result) : `Done: ${wording.task}.`;
    case 'failed':
      return (
        `I could not ${wording.task}: ${withoutRetryPromise(error)}. It was NOT done. Retrying as it is will not help; ` +
        `once a person has fixed the cause, ${howToRetry(job, context)}.`
      );
    case 'given_up':
      return (
        `I could not ${wording.task} after ${job.attempts} ${job.attempts === 1 ? 'attempt' : 'attempts'}: ${withoutRetryPromise(error)}. ` +
        `It was NOT done, and socbot will not try again by itself: ${howToRetry(job, context, ' once the service is back')}.`
      );
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

function howToRetry(job: OutboxJob, context: OutcomeContext, when = ''): string {
  const cli = `an operator can run \`socbot outbox retry ${job.id}\``;
  return context.retryButton ? `press Retry below${when}, or ${cli}` : `${cli}${when}`;
}

/**
 * A provider's error says "socbot will try again" while the outbox still retries it; once the job
 * is given up or failed that is no longer true, so the promise is taken out of the message.
 */
function withoutRetryPromise(message: string): string {
  return message
    .replace(/[;,]?\s*socbot will try again\.?/gi, '.')
    .replace(/\.\s*\./g, '.')
    .replace(/\.\s*\(/g, ' (')
    .replace(/\.$/, '');
}
