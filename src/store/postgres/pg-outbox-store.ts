import type { Database, Queryable } from '../../db/database';
import { recover } from '../../outbox/job-lifecycle';
import { SETTLED_STATUSES, type JobStatus, type OutboxJob } from '../../outbox/outbox-job';
import type {
  ClaimRequest,
  ClaimResult,
  OutboxKindStats,
  OutboxStore,
  StartRepair,
} from '../../outbox/outbox-store';
import type { RetryPolicy } from '../../outbox/retry-policy';
import { jsonParam } from '../../db/json-param';

/** Settings of the PostgreSQL outbox; both have production defaults. */
export interface PgOutboxStoreOptions {
  /**
   * How long a claimed attempt is held without a renewal (default 30 s). The live worker renews it
   * every third of this; a replica that died stops renewing, and its job is taken over after this.
   */
  leaseMs?: number;
}

/** The job's columns; everything else of the job is in `body`. */
interface JobRow {
  id: string;
  type: string;
  idempotency_key: string;
  status: JobStatus;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  updated_at: Date;
  body: JobBody;
}

type ColumnFields =
  'id' | 'type' | 'idempotencyKey' | 'status' | 'attempts' | 'nextAttemptAt' | 'createdAt' | 'updatedAt';
type JobBody = Omit<OutboxJob, ColumnFields>;

/** The replica named as claimant of a job imported `running` from files: nobody; taken over at once. */
const IMPORTED_CLAIMANT = 'imported from a data directory';
/** Abandoned jobs taken over in one pass. */
const TAKEOVER_BATCH = 100;

const COLUMNS = 'id, type, idempotency_key, status, attempts, next_attempt_at, created_at, updated_at, body';

/**
 * The outbox in PostgreSQL (issue 15): one `outbox_jobs` table (migrations/0400_outbox_jobs.sql)
 * every replica's worker claims from, so any replica may run any job.
 *
 * - A claim is one statement: the due pending jobs are picked `FOR UPDATE SKIP LOCKED` (two workers
 *   claiming at once never get the same job, and neither waits for the other) and set `running`,
 *   attempt counted, `claimed_by` this replica, `lease_until` the database's clock + `leaseMs`.
 * - The live worker renews its leases; a running job whose lease ran out (its replica died) is
 *   taken over by the next worker that looks: `recover` as at a files start (pending again, or
 *   given up when its attempts or age ran out), then claimed like any other.
 * - An outcome or progress is stored only while the job is still the attempt *this* replica claimed:
 *   a replica that was presumed dead cannot overwrite the attempt that took over.
 * - Idempotency keys are UNIQUE: an enqueue on another replica finds the first job; a re-run after a
 *   takeover sends the same key to the provider, so it stays one ticket there.
 * - `claimReport` is a conditional update: of two replicas, one tells the analyst.
 *
 * Every change of a job goes through the same lifecycle functions as the file store's, applied to
 * the row as read and written back only over that row version (compare-and-set on `xmin`).
 *
 * @example
 *   const store = new PgOutboxStore(backend.db, backend.replicaId);
 *   const outbox = new Outbox({ dataDir: config.dataDir, store });
 */
export class PgOutboxStore implements OutboxStore {
  readonly shared = true;
  readonly leaseRenewalMs: number;
  readonly leaseMs: number;
  /** How often a worker looks for abandoned jobs (and for types it cannot run). */
  private readonly takeoverCheckMs: number;
  private nextTakeoverCheck = 0;

  constructor(
    private readonly db: Database,
    private readonly replicaId: string,
    options: PgOutboxStoreOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.leaseRenewalMs = Math.max(1, Math.floor(this.leaseMs / 3));
    this.takeoverCheckMs = Math.min(5000, Math.max(1, Math.floor(this.leaseMs / 4)));
  }

  get location(): string {
    return `${this.db.url} (table outbox_jobs)`;
  }

  async addIfKeyAbsent(job: OutboxJob): Promise<OutboxJob> {
    for (;;) {
      const [inserted] = await this.db.query<JobRow>(
        `INSERT INTO outbox_jobs (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
        columnValues(job),
      );
      if (inserted) return jobOf(inserted);
      const [existing] = await this.db.query<JobRow>(
        `SELECT ${COLUMNS} FROM outbox_jobs WHERE idempotency_key = $1`,
        [job.idempotencyKey],
      );
      // Dropped between the two statements: the key is free again, so the insert is tried again.
      if (existing) return jobOf(existing);
    }
  }

  async get(jobId: string): Promise<OutboxJob | undefined> {
    const [row] = await this.db.query<JobRow>(`SELECT ${COLUMNS} FROM outbox_jobs WHERE id = $1`, [jobId]);
    return row && jobOf(row);
  }

  async list(statuses?: readonly JobStatus[]): Promise<OutboxJob[]> {
    const rows = statuses
      ? await this.db.query<JobRow>(
          `SELECT ${COLUMNS} FROM outbox_jobs WHERE status = ANY($1::text[]) ORDER BY seq`,
          [statuses],
        )
      : await this.db.query<JobRow>(`SELECT ${COLUMNS} FROM outbox_jobs ORDER BY seq`);
    return rows.map(jobOf);
  }

  /** Prunes only: a job running now may be another replica's live attempt; leases decide. */
  async prepareStart(now: Date, _policy: RetryPolicy, retentionMs: number): Promise<StartRepair> {
    const pruned = await this.db.query(
      'DELETE FROM outbox_jobs WHERE status = ANY($1::text[]) AND updated_at < $2 RETURNING id',
      [SETTLED_STATUSES, new Date(now.getTime() - retentionMs)],
    );
    return { recovered: 0, givenUp: [], pruned: pruned.length };
  }

  async claimDue(request: ClaimRequest): Promise<ClaimResult> {
    const { recovered, givenUp } = await this.maintain(request);
    const types = [...request.types];
    const claimed =
      request.limit > 0 && types.length > 0
        ? await this.db.query<JobRow>(
            `WITH picked AS (
               SELECT id FROM outbox_jobs
                WHERE status = 'pending' AND next_attempt_at <= $1
                  AND type = ANY($2::text[]) AND NOT (id = ANY($3::text[]))
                ORDER BY next_attempt_at, seq
                LIMIT $4
                FOR UPDATE SKIP LOCKED)
             UPDATE outbox_jobs j
                SET status = 'running', attempts = j.attempts + 1, updated_at = $1,
                    claimed_by = $5, lease_until = clock_timestamp() + $6::double precision * interval '1 millisecond'
               FROM picked WHERE j.id = picked.id
             RETURNING ${COLUMNS.replace(/(\w+)/g, 'j.$1')}`,
            [request.now, types, [...request.busy], request.limit, this.replicaId, this.leaseMs],
          )
        : [];
    const [next] = await this.db.query<{ at: Date | null }>(
      `SELECT min(next_attempt_at) AS at FROM outbox_jobs
        WHERE status = 'pending' AND next_attempt_at > $1 AND type = ANY($2::text[])`,
      [request.now, types],
    );
    return {
      claimed: claimed.map(jobOf).sort((a, b) => Date.parse(a.nextAttemptAt) - Date.parse(b.nextAttemptAt)),
      recovered,
      givenUp,
      nextDueAt: next?.at ? next.at.getTime() : undefined,
    };
  }

  async renewLeases(jobIds: readonly string[]): Promise<readonly string[]> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE outbox_jobs SET lease_until = clock_timestamp() + $3::double precision * interval '1 millisecond'
        WHERE id = ANY($1::text[]) AND status = 'running' AND claimed_by = $2
        RETURNING id`,
      [jobIds, this.replicaId, this.leaseMs],
    );
    return rows.map((row) => row.id);
  }

  async changeClaimed(
    jobId: string,
    attempt: number,
    change: (job: OutboxJob) => void,
  ): Promise<OutboxJob | undefined> {
    const changed = await this.compareAndSet(
      "status = 'running' AND attempts = $2 AND claimed_by = $3",
      [jobId, attempt, this.replicaId],
      (job) => {
        change(job);
        return true;
      },
    );
    return changed?.job;
  }

  change(
    jobId: string,
    change: (job: OutboxJob) => boolean,
  ): Promise<{ job: OutboxJob; changed: boolean } | undefined> {
    return this.compareAndSet('true', [jobId], change);
  }

  async drop(jobId: string): Promise<OutboxJob | undefined> {
    const [dropped] = await this.db.query<JobRow>(
      `DELETE FROM outbox_jobs WHERE id = $1 AND status <> 'running' RETURNING ${COLUMNS}`,
      [jobId],
    );
    return dropped ? jobOf(dropped) : this.get(jobId);
  }

  async claimReport(jobId: string, retries: number): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE outbox_jobs SET reported_retries = $2
        WHERE id = $1 AND (reported_retries IS NULL OR reported_retries < $2) RETURNING id`,
      [jobId, retries],
    );
    return rows.length === 1;
  }

  async stats(now: Date): Promise<OutboxKindStats[]> {
    const rows = await this.db.query<{
      type: string;
      pending: number;
      running: number;
      pending_since: Date | null;
      running_since: Date | null;
    }>(
      `SELECT type,
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'running')::int AS running,
              min(COALESCE((body->>'notBefore')::timestamptz, created_at)) FILTER (WHERE status = 'pending') AS pending_since,
              min(COALESCE((body->>'notBefore')::timestamptz, created_at)) FILTER (WHERE status = 'running') AS running_since
         FROM outbox_jobs WHERE status IN ('pending', 'running') GROUP BY type`,
    );
    const ageOf = (since: Date | null): number => (since ? Math.max(0, now.getTime() - since.getTime()) : 0);
    return rows
      .map((row) => ({
        type: row.type,
        pending: row.pending,
        running: row.running,
        oldestPendingAgeMs: ageOf(row.pending_since),
        oldestRunningAgeMs: ageOf(row.running_since),
      }))
      .sort((a, b) => a.type.localeCompare(b.type));
  }

  async flush(): Promise<void> {
    // Every change is committed before its operation resolves.
  }

  /**
   * Copies jobs as they are (status, attempts, result, progress: `socbot migrate-data`); a job whose
   * id or idempotency key is already in the table is skipped, so importing twice adds nothing. A job
   * that was `running` in files was left by a stopped process: it is taken over by the first worker
   * that looks, exactly as a files start would recover it. Returns how many were added.
   */
  async importJobs(jobs: readonly OutboxJob[]): Promise<number> {
    let added = 0;
    for (const job of jobs) {
      const rows = await this.db.query(
        `INSERT INTO outbox_jobs (${COLUMNS}, claimed_by, lease_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11) ON CONFLICT DO NOTHING RETURNING id`,
        [
          ...columnValues(job),
          job.status === 'running' ? IMPORTED_CLAIMANT : null,
          job.status === 'running' ? '-infinity' : null,
        ],
      );
      added += rows.length;
    }
    return added;
  }

  /**
   * Reads the job (`id = $1` and `condition`), applies `change`, and writes it back only if the row
   * is still the version read (`xmin`, PostgreSQL's row version); read again when another change came
   * between. Two round trips and no transaction held open while JavaScript runs. Undefined when no
   * row matches (any more).
   */
  private async compareAndSet(
    condition: string,
    params: readonly unknown[],
    change: (job: OutboxJob) => boolean,
  ): Promise<{ job: OutboxJob; changed: boolean } | undefined> {
    for (;;) {
      const [row] = await this.db.query<JobRow & { version: string }>(
        `SELECT xmin::text AS version, ${COLUMNS} FROM outbox_jobs WHERE id = $1 AND ${condition}`,
        params,
      );
      if (!row) return undefined;
      const job = jobOf(row);
      if (!change(job)) return { job, changed: false };
      if (await writeBack(this.db, job, row.version)) return { job, changed: true };
    }
  }

  /**
   * At most every `takeoverCheckMs`: running jobs whose lease ran out go back to pending (or are
   * given up, to be announced by this worker), and pending jobs no handler here can run are named.
   */
  private async maintain(request: ClaimRequest): Promise<{ recovered: number; givenUp: OutboxJob[] }> {
    if (Date.now() < this.nextTakeoverCheck) return { recovered: 0, givenUp: [] };
    this.nextTakeoverCheck = Date.now() + this.takeoverCheckMs;
    const taken = await this.takeOverExpired(request.now, request.policy);
    if (request.onUnhandled) {
      const unhandled = await this.db.query<JobRow>(
        `SELECT DISTINCT ON (type) ${COLUMNS} FROM outbox_jobs
          WHERE status = 'pending' AND NOT (type = ANY($1::text[])) ORDER BY type, seq`,
        [[...request.types]],
      );
      for (const row of unhandled) request.onUnhandled(jobOf(row));
    }
    return taken;
  }

  private takeOverExpired(
    now: Date,
    policy: RetryPolicy,
  ): Promise<{ recovered: number; givenUp: OutboxJob[] }> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<JobRow>(
        `SELECT ${COLUMNS} FROM outbox_jobs
          WHERE status = 'running' AND lease_until < clock_timestamp()
          ORDER BY lease_until LIMIT ${TAKEOVER_BATCH} FOR UPDATE SKIP LOCKED`,
      );
      const givenUp: OutboxJob[] = [];
      for (const row of rows) {
        const job = jobOf(row);
        if (recover(job, policy, now) === 'given_up') givenUp.push(job);
        await writeBack(tx, job);
      }
      return { recovered: rows.length - givenUp.length, givenUp };
    });
  }
}

/**
 * Stores the job's new state, only over row version `version` when given; a job no longer running
 * leaves its claim and lease behind. False when the row was not (any more) that version.
 */
async function writeBack(db: Queryable, job: OutboxJob, version?: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox_jobs
        SET status = $2::text, attempts = $3, next_attempt_at = $4, updated_at = $5, body = $6::jsonb,
            claimed_by = CASE WHEN $2::text = 'running' THEN claimed_by END,
            lease_until = CASE WHEN $2::text = 'running' THEN lease_until END
      WHERE id = $1 AND ($7::text IS NULL OR xmin = $7::xid) RETURNING id`,
    [
      job.id,
      job.status,
      job.attempts,
      job.nextAttemptAt,
      job.updatedAt,
      jsonParam(bodyOf(job)),
      version ?? null,
    ],
  );
  return rows.length === 1;
}

function columnValues(job: OutboxJob): unknown[] {
  return [
    job.id,
    job.type,
    job.idempotencyKey,
    job.status,
    job.attempts,
    job.nextAttemptAt,
    job.createdAt,
    job.updatedAt,
    jsonParam(bodyOf(job)),
  ];
}

function bodyOf(job: OutboxJob): JobBody {
  const {
    id: _id,
    type: _type,
    idempotencyKey: _key,
    status: _status,
    attempts: _attempts,
    nextAttemptAt: _next,
    createdAt: _created,
    updatedAt: _updated,
    ...body
  } = job;
  return body;
}

function jobOf(row: JobRow): OutboxJob {
  return {
    id: row.id,
    type: row.type,
    idempotencyKey: row.idempotency_key,
    ...row.body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
