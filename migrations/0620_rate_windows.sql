-- Up Migration
-- Fixed one-minute windows of limits every replica shares (issue 15): an enrichment provider's
-- quota is per API key, not per replica. `used` counts the calls of the window starting at
-- `window_start` (epoch milliseconds).
CREATE TABLE socbot_rate_windows (
  key          text PRIMARY KEY,
  window_start bigint NOT NULL,
  used         integer NOT NULL
);

-- Down Migration
DROP TABLE socbot_rate_windows;
