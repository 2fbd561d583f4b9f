import { recoveredActionJob } from '../jobs/recovered-action-job';
import { roomTeamsJob } from '../jobs/room-teams-job';
import { socCardJob } from '../jobs/soc-card-job';
import type { Outbox } from '../outbox/outbox';
import type { OutboxJob } from '../outbox/outbox-job';
import { describeOutcome } from '../outbox/outcome-message';
import type { JobWordingOf } from './outcome-reports';
import type { RoomNotices } from './room-notices';

/**
 * Jobs whose outcome is no result for the incident's people: the room's own thread, the SIEM card
 * in the SOC channel, and an answer re-sent to one analyst.
 */
const NOT_FOR_ROOMS = new Set([roomTeamsJob.type, socCardJob.type, recoveredActionJob.type]);

/**
 * Posts the outcome of every side effect for an incident (ticket created or updated, block, Basis
 * notice) into the incident's room as well, beside the report to the conversation that asked
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
    if (!ref || NOT_FOR_ROOMS.has(job.type)) return;
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
