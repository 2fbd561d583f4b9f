-- Up Migration
-- Signatures of accepted SIEM deliveries, shared by every replica (issue 15): an exact replay that
-- lands on another replica gets the first delivery's answer. `result` is null while the first
-- delivery is still being handled.
CREATE TABLE siem_replay_guard (
  key        text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  result     jsonb
);
CREATE INDEX siem_replay_guard_expires_at ON siem_replay_guard (expires_at);

-- Down Migration
DROP TABLE siem_replay_guard;
