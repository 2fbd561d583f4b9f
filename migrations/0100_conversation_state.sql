-- Up Migration
-- Conversation and user state (src/store/postgres/pg-state-storage.ts): one row per storage key,
-- the value without its eTag, and the eTag a compare-and-set write checks (UPDATE … WHERE etag = $n).
-- json, not jsonb: the value is kept as written, and jsonb refuses \u0000 and lone surrogates,
-- which an analyst's text (and so a form's values) may hold. Nothing queries inside it.
CREATE TABLE socbot_state (
  key        text PRIMARY KEY,
  value      json NOT NULL,
  etag       text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE socbot_state;
