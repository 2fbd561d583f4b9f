-- Up Migration
-- Facts every replica shares about the deployment (e.g. the model version in service).
CREATE TABLE socbot_meta (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE socbot_meta;
