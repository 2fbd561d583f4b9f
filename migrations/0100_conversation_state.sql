-- Up Migration
-- Conversation and user state (src/store/postgres/pg-state-storage.ts): one row per storage key,
-- the value without its eTag, and the eTag a compare-and-set write checks (UPDATE … WHERE etag = $n).
CREATE TABLE socbot_state (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  etag       text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE socbot_state;
