-- Up Migration
-- An audit append in one statement (src/store/postgres/pg-audit-trail.ts): lock the chain head,
-- chain each entry onto it, insert it, move the head. The row lock orders appends from every
-- replica (one waits for the other's commit, then reads the head it left), so no append ever has
-- to be tried again.
-- `entries` is a jsonb array of entry contents (no seq, prevHash, hash); the three text arrays hold,
-- per entry, its canonical JSON cut around the two values only the chain knows (canonical-parts.ts):
--   hash = sha256(prevHash || before || '"prevHash":' || JSON(prevHash) || between || '"seq":' || seq || after)
-- exactly as entry-hash.ts computes it in JS, over the UTF-8 bytes (convert_to: socbot's databases
-- are UTF8, the encoding jsonb holds the entries in; convert_to gives UTF-8 whatever it is).
-- VOLATILE, so under READ COMMITTED the statements after the lock see the head's newest version.
-- Returns per entry, in order: seq, prev_hash, hash.
CREATE FUNCTION socbot_audit_append(
  entries jsonb,
  before_prev_hash text[],
  between_prev_hash_and_seq text[],
  after_seq text[]
) RETURNS TABLE (seq bigint, prev_hash text, hash text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  head_seq bigint;
  head_hash text;
  total integer := jsonb_array_length(entries);
BEGIN
  IF cardinality(before_prev_hash) IS DISTINCT FROM total
     OR cardinality(between_prev_hash_and_seq) IS DISTINCT FROM total
     OR cardinality(after_seq) IS DISTINCT FROM total THEN
    RAISE EXCEPTION 'socbot_audit_append: % entries but %, % and % text parts',
      total, cardinality(before_prev_hash), cardinality(between_prev_hash_and_seq), cardinality(after_seq);
  END IF;
  SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit_chain_head h WHERE h.id FOR UPDATE;
  IF NOT FOUND THEN
    -- PgAuditTrail reports this code as DATABASE_SCHEMA with the remedy.
    RAISE EXCEPTION 'the audit chain head (table audit_chain_head) has no row' USING ERRCODE = 'no_data_found';
  END IF;
  FOR position IN 1..total LOOP
    seq := head_seq + 1;
    prev_hash := head_hash;
    hash := encode(sha256(convert_to(
      prev_hash || before_prev_hash[position] || '"prevHash":' || to_json(prev_hash)::text
        || between_prev_hash_and_seq[position] || '"seq":' || seq::text || after_seq[position],
      'UTF8')), 'hex');
    INSERT INTO audit_entries (seq, entry, hash, prev_hash)
      VALUES (seq, (entries -> (position - 1)) || jsonb_build_object('seq', seq, 'prevHash', prev_hash, 'hash', hash),
              hash, prev_hash);
    head_seq := seq;
    head_hash := hash;
    RETURN NEXT;
  END LOOP;
  IF total > 0 THEN
    UPDATE audit_chain_head h SET seq = head_seq, hash = head_hash WHERE h.id;
  END IF;
END
$$;

-- Down Migration
DROP FUNCTION socbot_audit_append(jsonb, text[], text[], text[]);
