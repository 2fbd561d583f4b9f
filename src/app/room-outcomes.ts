import { alertEnrichmentJob } from '../jobs/alert-enrichment-job';
import { blockJobs } from '../jobs/block-job';
import { noticeJobs } from '../jobs/notice-job';
import { ticketJob } from '../jobs/ticket-job';
import { ticketUpdateJob } from '../jobs/ticket-update-job';
import type { Outbox } from '../outbox/outbox';
import type { OutboxJob } from '../outbox/outbox-job';
import { describeOutcome } from '../outbox/outcome-message';
import type { JobWordingOf } from './outcome-reports';
import type { RoomNotices } from './room-notices';

/**
 * The side effects whose results the incident's people follow in its room: the ticket created or
 * updated, blocks, the Basis notices. Not the room's own thread, the SIEM card, approval cards and
 * answers to one person, escalation notices (one per recipient) and timers: named, not excluded,
 * so a new kind of job stays out of the room until someone decides it belongs there.
 */
const FOR_ROOMS = new Set([
  ticketJob.type,
  ticketUpdateJob.type,
  alertEnrichmentJob.type,
  ...Object.values(blockJobs).map((kind) => kind.type),
  ...Object.values(noticeJobs).flatMap((byChannel) => Object.values(byChannel).map((kind) => kind.type)),
]);

/**
 * Posts the outcome of the side effects for an incident (ticket created or updated, block, Basis
 * notice: FOR_ROOMS) into the incident's room as well, beside the report to the conversation that asked
 * (OutcomeReports), which is left out here so it is not told twice. `close` stops listening and
 * waits for the posts on their way.
 *
 * @example
 *   const rooms = reportOutcomesToRooms(outbox, notices, (job) => JOB_KINDS.wordingOf(job));
 *   await rooms.close(); // at a stop, after the outbox
 */
export function reportOutcomesToRooms(
  outbox: Pick<Outbox, 'onSettled'>,
  notices: RoomNotices,
  wordingOf: JobWordingOf,
): { close(): Promise<void> } {
  const sending = new Set<Promise<void>>();
  const stopListening = outbox.onSettled((job: OutboxJob) => {
    const ref = job.origin.alertRef;
    if (!ref || !FOR_ROOMS.has(job.type)) return;
    const outcome = describeOutcome(job, wordingOf(job));
    const sent = notices
      .tell(ref, `${ref}: ${outcome}`, job.origin.conversationKey)
      .finally(() => sending.delete(sent));
    sending.add(sent);
  });
  return {
    async close() {
      stopListening();
      await Promise.allSettled([...sending]);
    },
  };
}
