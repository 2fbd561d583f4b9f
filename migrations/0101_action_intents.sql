-- Up Migration
-- The write-ahead journal of confirmed actions (src/store/postgres/pg-action-intents.ts): a row is
-- begun before a skill acts and finished once the analyst was answered. Any replica replays a row
-- begun long enough ago and still unfinished whose conversation no live turn holds. json, not jsonb,
-- as socbot_state: the slots are analyst text, which may hold what jsonb refuses.
CREATE TABLE socbot_action_intents (
  request_id  text PRIMARY KEY,
  intent      json NOT NULL,
  begun_at    timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
-- The sweep's question: what is begun and not finished, oldest first.
CREATE INDEX socbot_action_intents_open ON socbot_action_intents (begun_at) WHERE finished_at IS NULL;

-- Down Migration
DROP TABLE socbot_action_intents;
