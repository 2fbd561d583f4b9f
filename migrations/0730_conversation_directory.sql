-- Up Migration
-- The conversation directory (src/store/postgres/pg-conversation-directory.ts) as a row per address
-- and per registration, instead of the one `conversations.json` document in socbot_documents that
-- every replica rewrote whole, under its row lock, for each conversation it saw first.
CREATE TABLE socbot_conversation_addresses (
  key             text PRIMARY KEY,
  -- Copied from the address, for looking a conversation up by its id alone (NULL: it has none).
  conversation_id text,
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
-- version still use it during a rolling deploy (docs/deployment.md). Members of an unexpected shape
-- (a hand-edited document) are left out rather than failing the migration, which runs at start.
-- Addresses are numbered in the order jsonb kept the keys (shorter first, then byte order), the
-- order the previous version found them in: which of two channels sharing a conversation id it
-- answered stays the same.
INSERT INTO socbot_conversation_addresses (key, conversation_id, address)
SELECT reference.key, reference.value #>> '{conversation,id}', reference.value
  FROM socbot_documents document,
       jsonb_each(CASE WHEN jsonb_typeof(document.body -> 'references') = 'object'
                       THEN document.body -> 'references' ELSE '{}'::jsonb END) AS reference
 WHERE document.name = 'conversations.json' AND jsonb_typeof(reference.value) = 'object'
 ORDER BY octet_length(reference.key), reference.key COLLATE "C";

INSERT INTO socbot_conversation_audiences (audience, key)
SELECT audience.key, member.value #>> '{}'
  FROM socbot_documents document,
       jsonb_each(CASE WHEN jsonb_typeof(document.body -> 'audiences') = 'object'
                       THEN document.body -> 'audiences' ELSE '{}'::jsonb END) AS audience,
       jsonb_array_elements(CASE WHEN jsonb_typeof(audience.value) = 'array'
                                 THEN audience.value ELSE '[]'::jsonb END) WITH ORDINALITY AS member(value, position)
 WHERE document.name = 'conversations.json' AND jsonb_typeof(member.value) = 'string'
 ORDER BY audience.key, member.position
ON CONFLICT DO NOTHING;

-- Down Migration
DROP TABLE socbot_conversation_audiences;
DROP TABLE socbot_conversation_addresses;
