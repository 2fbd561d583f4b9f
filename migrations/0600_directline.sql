-- Up Migration
-- Web Chat's Direct Line conversations, shared by every replica (issue 15): a page whose replica died
-- polls another one and gets what it has not seen. `next_watermark` is the conversation's own
-- sequence: an append takes it under the row's lock, so activities commit in watermark order.
CREATE TABLE directline_conversations (
  id             text PRIMARY KEY,
  user_id        text NOT NULL,
  next_watermark bigint NOT NULL,
  last_used_at   timestamptz NOT NULL
);
CREATE INDEX directline_conversations_last_used_at ON directline_conversations (last_used_at);

CREATE TABLE directline_activities (
  conversation_id    text NOT NULL REFERENCES directline_conversations (id) ON DELETE CASCADE,
  watermark          bigint NOT NULL,
  -- Web Chat's channelData.clientActivityID of a user's post: a retried post is stored once.
  client_activity_id text,
  -- A user's post whose turn has not finished: until then its turn is leased to the replica that
  -- stored it; a retry after the lease (that replica died mid-turn) runs the turn again. Null: done.
  turn_leased_until  timestamptz,
  activity           jsonb NOT NULL,
  PRIMARY KEY (conversation_id, watermark)
);
CREATE UNIQUE INDEX directline_activities_client_activity_id
  ON directline_activities (conversation_id, client_activity_id) WHERE client_activity_id IS NOT NULL;

-- Down Migration
DROP TABLE directline_activities;
DROP TABLE directline_conversations;
