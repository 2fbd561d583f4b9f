import { alertEnrichmentJob } from './alert-enrichment-job';
import { approvalCardJob } from './approval-card-job';
import { approvalOutcomeJob } from './approval-outcome-job';
import { blockJobs } from './block-job';
import { enrichmentLateJob } from './enrichment-late-job';
import { escalationNoticeJob } from './escalation-notice-job';
import { escalationTimerJob } from './escalation-timer-job';
import { JobKindRegistry } from './job-kind-registry';
import { mailEnrichmentJob } from './mail-enrichment-job';
import { noticeJobs } from './notice-job';
import { recoveredActionJob } from './recovered-action-job';
import { roomTeamsJob } from './room-teams-job';
import { socCardJob } from './soc-card-job';
import { ticketJob } from './ticket-job';
import { ticketUpdateJob } from './ticket-update-job';
import { triageJob } from './triage-job';

/**
 * Every kind of side effect socbot runs. A new side effect is one file in this folder and one line
 * here.
 */
export const JOB_KINDS = new JobKindRegistry([
  ticketJob,
  ticketUpdateJob,
  ...Object.values(blockJobs),
  ...Object.values(noticeJobs).flatMap((byChannel) => Object.values(byChannel)),
  socCardJob,
  recoveredActionJob,
  roomTeamsJob,
  approvalCardJob,
  approvalOutcomeJob,
  escalationNoticeJob,
  escalationTimerJob,
  enrichmentLateJob,
  alertEnrichmentJob,
  mailEnrichmentJob,
  triageJob,
]);
