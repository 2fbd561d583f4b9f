import { existsSync } from 'node:fs';
import type { AuditEntry } from '../audit/audit-entry';
import type { AuditTrail } from '../audit/audit-trail';
import { isPlainObject } from '../store/data-file';
import { openOutboxFile } from './outbox-file';
import type { JobError, JobOrigin, JsonValue, OutboxJob } from './outbox-job';

/** A job the audit trail shows as queued and not finished, but without what it takes to queue it again. */
export interface LostJob {
  jobId: string;
  /** What it was to do ("create the ticket for SOC-2026-0001"). */
  summary: string;
  alertRef?: string;
}

/** What {@link rebuildOutboxFromAudit} did. */
export interface OutboxRebuild {
  /** Jobs written back to outbox.json: pending ones run again, given-up and failed ones wait for a person. */
  rebuilt: OutboxJob[];
  /** Unfinished jobs queued by a version that did not audit their payload: not rebuilt. */
  lost: LostJob[];
}

/**
 * When `outbox.json` is missing (deleted, or moved aside as its STORAGE_CORRUPT message says),
 * writes back every job the audit trail shows as queued (`call`) and not finished: no `result`
 * that it succeeded, no `operator` drop. Pending jobs go back to pending with a fresh budget (at
 * least once: one that had in fact run is made harmless by its idempotency key); given-up and
 * failed ones stay so, for `socbot outbox retry|drop`. Undefined when outbox.json exists or
 * there is nothing to rebuild.
 *
 * @example
 *   const rebuild = await rebuildOutboxFromAudit('./data', app.audit, new Date());
 *   // { rebuilt: [{ id: 'job-…', type: 'ticket.create', status: 'pending', … }], lost: [] }
 */
export async function rebuildOutboxFromAudit(
  dataDir: string,
  audit: Pick<AuditTrail, 'entries'>,
  now: Date,
): Promise<OutboxRebuild | undefined> {
  const outbox = openOutboxFile(dataDir);
  if (existsSync(outbox.file)) return undefined;
  const found = unfinishedJobs(await audit.entries(), now);
  if (found.rebuilt.length === 0 && found.lost.length === 0) return undefined;
  if (found.rebuilt.length > 0) {
    await outbox.update((data) => {
      data.jobs.push(...found.rebuilt);
    });
    await outbox.flush();
  }
  return found;
}

/** A job as the audit trail tells it, entry by entry. */
type Traced = { job: OutboxJob } | { lost: LostJob };

/**
 * Replays the audit trail's side-effect entries in order: `call` queues a job (or, from an older
 * version without the payload, a lost one), `result` settles it, an `operator` retry or drop
 * changes it as the outbox did.
 */
export function unfinishedJobs(entries: readonly AuditEntry[], now: Date): OutboxRebuild {
  const traced = new Map<string, Traced>();
  for (const entry of entries) {
    const jobId = entry.details.jobId;
    if (typeof jobId !== 'string') continue;
    const known = traced.get(jobId);
    if (entry.action === 'call') {
      if (!known) traced.set(jobId, queuedBy(entry, jobId));
    } else if (entry.action === 'result' && known) {
      settle(traced, jobId, known, entry);
    } else if (entry.action === 'operator' && known) {
      if (entry.details.operation === 'drop') traced.delete(jobId);
      else if (entry.details.operation === 'retry' && 'job' in known) {
        Object.assign(known.job, {
          status: 'pending',
          attempts: 0,
          nextAttemptAt: entry.at,
          retriedAt: entry.at,
          updatedAt: entry.at,
          retries: (known.job.retries ?? 0) + 1,
        });
      }
    }
  }
  const rebuilt: OutboxJob[] = [];
  const lost: LostJob[] = [];
  for (const item of traced.values()) {
    if ('lost' in item) lost.push(item.lost);
    else
      rebuilt.push(
        item.job.status === 'pending' ? { ...item.job, nextAttemptAt: dueAt(item.job, now) } : item.job,
      );
  }
  return { rebuilt, lost };
}

function queuedBy(entry: AuditEntry, jobId: string): Traced {
  const { type, idempotencyKey, payload, origin, notBefore } = entry.details;
  if (typeof type !== 'string' || typeof idempotencyKey !== 'string' || payload === undefined) {
    return {
      lost: { jobId, summary: entry.summary, ...(entry.alertRef ? { alertRef: entry.alertRef } : {}) },
    };
  }
  return {
    job: {
      id: jobId,
      type,
      idempotencyKey,
      payload: payload as JsonValue,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: entry.at,
      origin: isPlainObject(origin) ? (origin as JobOrigin) : {},
      createdAt: entry.at,
      updatedAt: entry.at,
      ...(typeof notBefore === 'string' && !Number.isNaN(Date.parse(notBefore)) ? { notBefore } : {}),
    },
  };
}

/** A rebuilt job runs at once, except a timer that is not due yet: it keeps waiting. */
function dueAt(job: OutboxJob, now: Date): string {
  const notBefore = job.notBefore ? Date.parse(job.notBefore) : NaN;
  return notBefore > now.getTime() ? new Date(notBefore).toISOString() : now.toISOString();
}

/** A `result` entry: a success ends the job's story; a failure or give-up leaves it for a person. */
function settle(traced: Map<string, Traced>, jobId: string, known: Traced, entry: AuditEntry): void {
  const result = entry.result ?? '';
  if (result.startsWith('succeeded') || 'lost' in known) {
    traced.delete(jobId);
    return;
  }
  const error = entry.details.error;
  Object.assign(known.job, {
    status: result.startsWith('failed') ? 'failed' : 'given_up',
    attempts: typeof entry.details.attempts === 'number' ? entry.details.attempts : known.job.attempts,
    updatedAt: entry.at,
    ...(isPlainObject(error) && typeof error.code === 'string' && typeof error.message === 'string'
      ? { lastError: error as unknown as JobError }
      : {}),
  });
}
