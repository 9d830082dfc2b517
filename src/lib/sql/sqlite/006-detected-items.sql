-- 006: detected open items (docs/model.md, "Open items"). Questions and
-- promises are found in message text by the conversation refresh
-- (items_detect.c) and kept in item (004) with origin 'detected'; nothing
-- new is needed there. What is new: the writer's UTC offset of each event
-- (a mail's Date zone), so that "by Friday" counts from the writer's
-- Friday; NULL where unknown (then UTC, or [chat] timezone for chats).
ALTER TABLE event ADD COLUMN tz_offset INTEGER;
-- Detection runs over dirty conversations: mark every one, so a store from
-- before this migration gets its questions and promises at the next
-- refresh (ingest, report, stats or `parley open`).
UPDATE conversation SET dirty = 1;
