-- Up Migration
-- Outcomes of side effects the analyst was told (`<jobId>#<retries>`), shared by every replica
-- (issue 15): the replica whose worker settled a job and the one whose turn waited for it claim the
-- same row, so the outcome is told once.
CREATE TABLE socbot_told_outcomes (
  outcome  text PRIMARY KEY,
  told_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX socbot_told_outcomes_told_at ON socbot_told_outcomes (told_at);

-- Down Migration
DROP TABLE socbot_told_outcomes;
