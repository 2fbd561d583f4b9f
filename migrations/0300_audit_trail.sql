-- Up Migration
-- The audit trail shared by every replica (src/store/postgres/pg-audit-trail.ts): one hash chain.
-- `entry` is the whole entry as the file would hold it (its own seq, prevHash, hash); the columns
-- beside it are copies for ordering and look-ups. `socbot audit verify` recomputes every hash.
CREATE TABLE audit_entries (
  seq       bigint PRIMARY KEY,
  entry     jsonb  NOT NULL,
  hash      text   NOT NULL,
  prev_hash text   NOT NULL,
  -- An alert's timeline: the entries naming it, and those of the same request.
  alert_ref  text GENERATED ALWAYS AS (lower(entry ->> 'alertRef')) STORED,
  request_id text GENERATED ALWAYS AS (entry -> 'details' ->> 'requestId') STORED
);
CREATE INDEX audit_entries_alert_ref ON audit_entries (alert_ref) WHERE alert_ref IS NOT NULL;
CREATE INDEX audit_entries_request_id ON audit_entries (request_id) WHERE request_id IS NOT NULL;

-- Where the chain ends. Every append locks this one row (SELECT … FOR UPDATE) in the transaction
-- that inserts, so appends from all replicas take turns and each chains onto the one before.
CREATE TABLE audit_chain_head (
  id   boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq  bigint  NOT NULL,
  hash text    NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (true, 0, repeat('0', 64));

-- Down Migration
DROP TABLE audit_chain_head;
DROP TABLE audit_entries;
