-- Up Migration
-- The JSON documents the data directory keeps as whole files (review-queue.json, approvals.json,
-- conversations.json …), one row each; an update locks its row (SELECT … FOR UPDATE), so updates
-- from several replicas serialise and none is lost.
CREATE TABLE socbot_documents (
  name       text PRIMARY KEY,
  body       jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The JSON Lines logs (triage.jsonl, mail.jsonl, next-steps.jsonl, mail-processed.jsonl): append
-- only, one row per line, read back in `seq` order per log.
CREATE TABLE socbot_log_lines (
  log  text NOT NULL,
  seq  bigserial NOT NULL,
  body jsonb NOT NULL,
  at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (log, seq)
);

-- Down Migration
DROP TABLE socbot_log_lines;
DROP TABLE socbot_documents;
