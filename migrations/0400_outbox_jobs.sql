-- Up Migration
-- The outbox shared by every replica (src/store/postgres/pg-outbox-store.ts). A worker claims due jobs
-- with FOR UPDATE SKIP LOCKED, holds them under a lease it renews while the attempt runs, and a job
-- whose lease ran out (its replica died) is taken over by another worker.
CREATE TABLE outbox_jobs (
  id               text PRIMARY KEY,
  -- Insertion order: `socbot outbox list` shows the oldest first.
  seq              bigint GENERATED ALWAYS AS IDENTITY,
  type             text NOT NULL,
  -- A repeated request (a Confirm handled twice, a SIEM retry on another replica) finds the first job.
  idempotency_key  text NOT NULL UNIQUE,
  status           text NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'given_up')),
  attempts         integer NOT NULL CHECK (attempts >= 0),
  next_attempt_at  timestamptz NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  -- The rest of the job as the file format has it: payload, origin, lastError, result, progress,
  -- retries, retriedAt, notBefore.
  body             jsonb NOT NULL,
  -- The replica running the claimed attempt, and until when it holds it (the database's clock).
  claimed_by       text,
  lease_until      timestamptz,
  -- The outcome (the job's retry count) an analyst was told about: "told once" across replicas.
  reported_retries integer,
  CHECK ((status = 'running') = (claimed_by IS NOT NULL AND lease_until IS NOT NULL))
);
CREATE INDEX outbox_jobs_due ON outbox_jobs (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_jobs_leases ON outbox_jobs (lease_until) WHERE status = 'running';
CREATE INDEX outbox_jobs_settled ON outbox_jobs (updated_at) WHERE status IN ('succeeded', 'failed', 'given_up');
CREATE INDEX outbox_jobs_seq ON outbox_jobs (seq);

-- Down Migration
DROP TABLE outbox_jobs;
