-- Up Migration
-- The conversation directory (src/store/postgres/pg-conversation-directory.ts) as a row per address
-- and per registration, instead of the one `conversations.json` document in socbot_documents that
-- every replica rewrote whole, under its row lock, for each conversation it saw first.
CREATE TABLE socbot_conversation_addresses (
  key             text PRIMARY KEY,
  -- Copied from the address, for looking a conversation up by its id alone.
  conversation_id text NOT NULL,
  address         jsonb NOT NULL,
  -- The order addresses were first stored in (an id two channels share resolves to the first).
  stored          bigserial NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX socbot_conversation_addresses_conversation_id
  ON socbot_conversation_addresses (conversation_id, stored);

CREATE TABLE socbot_conversation_audiences (
  audience   text NOT NULL,
  key        text NOT NULL,
  -- Registration order, which the audience's list keeps.
  registered bigserial NOT NULL,
  PRIMARY KEY (audience, key)
);

-- What the document held so far. It stays in socbot_documents, untouched: replicas of the previous
-- version still use it during a rolling deploy (docs/deployment.md).
INSERT INTO socbot_conversation_addresses (key, conversation_id, address)
SELECT reference.key, coalesce(reference.value #>> '{conversation,id}', ''), reference.value
  FROM socbot_documents document,
       jsonb_each(CASE WHEN jsonb_typeof(document.body -> 'references') = 'object'
                       THEN document.body -> 'references' ELSE '{}'::jsonb END) AS reference
 WHERE document.name = 'conversations.json' AND jsonb_typeof(reference.value) = 'object'
 ORDER BY reference.key;

INSERT INTO socbot_conversation_audiences (audience, key)
SELECT audience.key, member.value
  FROM socbot_documents document,
       jsonb_each(CASE WHEN jsonb_typeof(document.body -> 'audiences') = 'object'
                       THEN document.body -> 'audiences' ELSE '{}'::jsonb END) AS audience,
       jsonb_array_elements_text(CASE WHEN jsonb_typeof(audience.value) = 'array'
                                      THEN audience.value ELSE '[]'::jsonb END) WITH ORDINALITY AS member(value, position)
 WHERE document.name = 'conversations.json'
 ORDER BY audience.key, member.position
ON CONFLICT DO NOTHING;

-- Down Migration
DROP TABLE socbot_conversation_audiences;
DROP TABLE socbot_conversation_addresses;
