-- Up Migration
-- The start of a turn in one round trip (src/store/postgres/pg-turn-lock.ts): release the lock the
-- connection still holds for the turn before (when that turn handed its connection straight on),
-- take the conversation's turn lock (waiting, or only if it is free), then read what every turn
-- reads first: the conversation's state rows and the row versions of the documents it names.
-- VOLATILE, so each query inside takes a new snapshot under READ COMMITTED: the reads see
-- everything committed before the lock was granted, i.e. all the previous turn wrote.
-- The lock is a session advisory lock, as before: held until pg_advisory_unlock or the session ends.
-- Rows: one ('lock', …) row saying whether the lock was taken, then a 'state' row per state item
-- found (name = key, value, version = eTag) and a 'document' row per document found (name, version = xmin).
CREATE FUNCTION socbot_turn_begin(
  release_key text,
  turn_key text,
  wait boolean,
  state_keys text[],
  document_names text[]
) RETURNS TABLE (kind text, locked boolean, name text, value json, version text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF release_key IS NOT NULL THEN
    PERFORM pg_advisory_unlock(hashtextextended('socbot turn ' || release_key, 0));
  END IF;
  IF wait THEN
    PERFORM pg_advisory_lock(hashtextextended('socbot turn ' || turn_key, 0));
  ELSIF NOT pg_try_advisory_lock(hashtextextended('socbot turn ' || turn_key, 0)) THEN
    RETURN QUERY SELECT 'lock', false, NULL::text, NULL::json, NULL::text;
    RETURN;
  END IF;
  RETURN QUERY SELECT 'lock', true, NULL::text, NULL::json, NULL::text;
  RETURN QUERY SELECT 'state', true, s.key, s.value, s.etag FROM socbot_state s WHERE s.key = ANY(state_keys);
  RETURN QUERY SELECT 'document', true, d.name, NULL::json, d.xmin::text
    FROM socbot_documents d WHERE d.name = ANY(document_names);
END
$$;

-- Down Migration
DROP FUNCTION socbot_turn_begin(text, text, boolean, text[], text[]);
