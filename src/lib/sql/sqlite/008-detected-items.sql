-- 008: detected open items (docs/model.md, "Open items"). Questions and
-- promises found in what the author of a message wrote; which of them
-- become items (in item, 004, origin 'detected') is decided per
-- conversation by the refresh (items_detect.c), from direction and replies.
-- The text work is done once, at ingest, on the parse threads: each event
-- keeps the rules version its sentences were found with (NULL: not yet,
-- e.g. events from before this migration; the next refresh finds them from
-- the stored body) and how many it has.
ALTER TABLE event ADD COLUMN detect_v INTEGER;
ALTER TABLE event ADD COLUMN detect_n INTEGER NOT NULL DEFAULT 0;
CREATE TABLE event_sentence(
  event_id INTEGER NOT NULL,
  n INTEGER NOT NULL,               -- order in the text
  kind INTEGER NOT NULL,            -- 1 question, 2 promise (detect.h)
  sentence TEXT NOT NULL,
  due_ts INTEGER,                   -- noon of the day it names, UTC seconds; NULL = none
  PRIMARY KEY(event_id, n)) WITHOUT ROWID;
-- Detection runs over dirty conversations: mark every one, so a store from
-- before this migration gets its questions and promises at the next
-- refresh (ingest, report, stats or `parley open`).
UPDATE conversation SET dirty = 1;
