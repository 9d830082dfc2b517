-- 011: `report response` reads runs kept per conversation instead of
-- walking every event of the conversations customers wrote in.
--
-- response_run holds the runs of customer messages before our first human
-- answer (response_runs.c, docs/model.md "Response times"), written by the
-- conversation refresh (conv_save) and by the call import's bulk path with
-- the rest of a conversation's aggregates, so they are exactly as current
-- as those. Clustered by the first message's time: a report's range is one
-- range of the table. Authors are identity ids, so names are read as they
-- stand when the report runs; the subject is kept only while a run waits.
CREATE TABLE response_run(
  first_ts INTEGER NOT NULL,        -- the run's first customer message
  conv_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,             -- its place among the conversation's runs
  last_ts INTEGER NOT NULL,         -- its last customer message
  channel INTEGER NOT NULL,         -- of the first message
  author_id INTEGER NOT NULL,       -- identity of the first message's author, 0 = none
  messages INTEGER NOT NULL,
  later_ts BLOB,                    -- times of the messages after the first (int64 little-endian)
  answer_ts INTEGER,                -- our first human answer; NULL = none yet
  answer_author_id INTEGER,         -- its author's identity, 0 = none
  bits INTEGER NOT NULL,            -- 1: an automated message of ours came while it waited;
                                    -- 2: and it waits still, no human of ours having
                                    --    written in the conversation before
  subject TEXT,                     -- of the first message, while unanswered
  PRIMARY KEY(first_ts, conv_id, seq)) WITHOUT ROWID;
CREATE INDEX response_run_conv ON response_run(conv_id);
CREATE TRIGGER response_run_gone AFTER DELETE ON conversation
BEGIN
  DELETE FROM response_run WHERE conv_id = old.id;
END;

-- A report counts the automated messages of the conversations with an
-- inbound human event in its range: the first and last such event and the
-- count (0 when there is no inbound human event) tell which, but for a
-- conversation spanning the range's start and end.
ALTER TABLE conversation ADD COLUMN resp_inbound_first INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversation ADD COLUMN resp_inbound_last INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversation ADD COLUMN resp_automated INTEGER NOT NULL DEFAULT 0;
CREATE INDEX conversation_resp_automated
  ON conversation(resp_inbound_last, resp_inbound_first, resp_automated) WHERE resp_automated > 0;

-- What 005 added for the event walk is read no more: lookups by
-- conversation need (conv_id, ts) only, and every ingest pays less.
DROP INDEX IF EXISTS event_inbound;
DROP INDEX IF EXISTS event_conv_time;
CREATE INDEX IF NOT EXISTS event_conv ON event(conv_id, ts);

-- Every conversation gets its runs at the next refresh.
UPDATE conversation SET dirty = 1;
