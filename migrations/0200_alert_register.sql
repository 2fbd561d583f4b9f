-- Up Migration
-- The alert register (src/store/postgres/pg-alert-register.ts): one row per alert, one per change of
-- an alert's lifecycle, and per year the last sequence number handed out.

-- Per year, the last reference's sequence (SOC-<year>-<sequence>). A counter row, not a SEQUENCE: it
-- is updated in the add's own transaction, so a rolled-back add hands out nothing and references
-- count up per year without gaps, as in alerts.jsonl; its row lock orders the adds of a year.
CREATE TABLE alert_ref_counters (
  year          integer PRIMARY KEY,
  last_sequence integer NOT NULL CHECK (last_sequence >= 0)
);

CREATE TABLE alerts (
  ref        text PRIMARY KEY,
  year       integer NOT NULL,
  sequence   integer NOT NULL,
  -- The alert ID upper-cased (JavaScript's toUpperCase): lookups by alert ID ignore case.
  alert_key  text NOT NULL,
  -- The form's request id or the SIEM's idempotency key: a retry on any replica registers once.
  request_id text UNIQUE,
  -- The AlertRecord as the file register writes it.
  record     jsonb NOT NULL,
  UNIQUE (year, sequence)
);
CREATE INDEX alerts_alert_key ON alerts (alert_key, year, sequence);

-- Change lines: never updated; folded in id order (one alert's changes are written one at a time,
-- under its row lock, so their ids are in the order they were decided).
CREATE TABLE alert_changes (
  id         bigserial PRIMARY KEY,
  ref        text NOT NULL REFERENCES alerts (ref),
  request_id text NOT NULL UNIQUE,
  change     jsonb NOT NULL
);
CREATE INDEX alert_changes_ref ON alert_changes (ref, id);

-- Down Migration
DROP TABLE alert_changes;
DROP TABLE alerts;
DROP TABLE alert_ref_counters;
