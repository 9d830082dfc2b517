-- 005: `report response` over a million events, and due dates kept as
-- logged (a day, or a day and a clock time) for the calendar export.
--
-- report response walks every event of the conversations a customer wrote
-- in, in time order. event_conv_time holds all it reads of an event, in the
-- order it reads them (conversation, time, id), so the walk needs neither
-- a table lookup per event nor a sort; it replaces event_conv, whose lookups
-- by conversation it serves as well. event_inbound finds those
-- conversations from the (fewer) inbound human events of a time range; the
-- literals are PL_DIR_IN and PL_EV_AUTOMATED (store_sqlite_response.c
-- asserts them), as SQLite uses a partial index only for the very terms.
DROP INDEX IF EXISTS event_conv;
CREATE INDEX event_conv_time ON event(conv_id, ts, id, direction, flags, channel, subject);
CREATE INDEX event_inbound ON event(ts, conv_id) WHERE direction = 1 AND (flags & 1) = 0;

-- 1: the due time is a clock time as typed ("2026-12-01 15:00"); 0: a day,
-- the local day of due_ts ("2026-12-01", "friday", "3d"), as every item
-- before 010 was read.
ALTER TABLE item ADD COLUMN due_has_time INTEGER NOT NULL DEFAULT 0;
