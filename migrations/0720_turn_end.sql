-- Up Migration
-- The end of a turn that finished confirmed actions, in one round trip (src/store/postgres/pg-turn-lock.ts):
-- mark the turn's action intents finished, COMMIT, and only then release the conversation's turn lock,
-- so whoever takes the lock next (the replay sweep of cut-off actions on any replica) sees them
-- finished. A procedure, not a function: only a procedure may commit before it goes on. Called
-- (CALL, outside any transaction block) on the lock's own connection.
CREATE PROCEDURE socbot_turn_end(release_key text, finished_request_ids text[])
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE socbot_action_intents SET finished_at = now()
   WHERE request_id = ANY(finished_request_ids) AND finished_at IS NULL;
  COMMIT;
  PERFORM pg_advisory_unlock(hashtextextended('socbot turn ' || release_key, 0));
END
$$;

-- Down Migration
DROP PROCEDURE socbot_turn_end(text, text[]);
