-- Up Migration
-- The start of a turn in one round trip (src/store/postgres/pg-turn-lock.ts): release the lock the
-- connection still holds for the turn before (when it was handed straight on), take the
-- conversation's turn lock (waiting, or only if free), then read what every turn reads first: the
-- conversation's state rows and the row versions of the documents. VOLATILE, so each statement
-- inside takes a new snapshot under READ COMMITTED: the reads see everything committed before the
-- lock was granted, i.e. all the previous turn wrote.
-- The lock is a session advisory lock, as before: held until pg_advisory_unlock or the session ends.
CREATE FUNCTION socbot_turn_begin(
  release_key text,
  turn_key text,
  wait boolean,
  state_keys text[]
) RETURNS TABLE (locked boolean, states json, documents json)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF release_key IS NOT NULL THEN
    PERFORM pg_advisory_unlock(hashtextextended('socbot turn ' || release_key, 0));
  END IF;
  IF wait THEN
    PERFORM pg_advisory_lock(hashtextextended('socbot turn ' || turn_key, 0));
  ELSIF NOT pg_try_advisory_lock(hashtextextended('socbot turn ' || turn_key, 0)) THEN
    RETURN QUERY SELECT false, NULL::json, NULL::json;
    RETURN;
  END IF;
  RETURN QUERY SELECT
    true,
    (SELECT json_agg(json_build_object('key', s.key, 'value', s.value, 'etag', s.etag))
       FROM socbot_state s WHERE s.key = ANY(state_keys)),
    (SELECT json_object_agg(d.name, d.xmin::text) FROM socbot_documents d);
END
$$;

-- Down Migration
DROP FUNCTION socbot_turn_begin(text, text, boolean, text[]);
