-- 006: what `parley brief` reads (brief.c, topics.c, store_sqlite_brief.c).
-- Derived data: brought up to date by every brief from the events above
-- meta keywords-upto (adding an event twice changes nothing; ingest itself
-- pays nothing), rebuilt when the [topics] language or stop-words change
-- (meta keywords-fingerprint).

-- The vocabulary: Snowball stems of the authors' own words (quotes and
-- signature removed, stop-words left out) and how many events use each, the
-- weight of a stem against the rest of the store.
CREATE TABLE term(
  id INTEGER PRIMARY KEY,
  stem TEXT NOT NULL UNIQUE,
  word TEXT NOT NULL,               -- the first word seen with this stem, for display
  df INTEGER NOT NULL DEFAULT 0);   -- events whose own words contain it

-- One row per event, clustered by conversation: a brief reads each of a
-- contact's conversations as one range of rows instead of an event, a
-- participant and a keyword lookup per message. Few columns, because each
-- column read costs as much as the row itself: what a brief reads of the
-- event is packed in `bits`, its author, pronouns and keywords in `text`.
-- The event's own columns are copies, kept in step by the trigger below
-- when threading moves an event or a config change re-directs it.
CREATE TABLE brief_event(
  conv_id INTEGER NOT NULL,         -- event.conv_id, 0 while it has none
  ts INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  bits INTEGER NOT NULL,            -- channel | direction << 4 | (flags & 0xffffff) << 8 | words << 32
  text BLOB NOT NULL,               -- varints: author identity id (0 = none), first-person
                                    -- pronouns (I, me, my, mine, myself, we, us, our, ours,
                                    -- ourselves), second-person (you, your, yours, yourself,
                                    -- yourselves), then (term id delta, count) pairs, ids ascending
  PRIMARY KEY(conv_id, ts, event_id)) WITHOUT ROWID;

-- Who took part (any role) in which conversation: a brief's first step,
-- one range per identity instead of a lookup per event it took part in. A
-- row may outlive a conversation that threading merged into another one;
-- the brief then finds no events there.
CREATE TABLE brief_member(
  identity_id INTEGER NOT NULL,
  conv_id INTEGER NOT NULL,
  PRIMARY KEY(identity_id, conv_id)) WITHOUT ROWID;

-- An event already in brief_event that threading moves or a config change
-- re-directs takes its brief row and its participants' membership along;
-- an event not there yet costs one lookup (the refresh copies it later).
CREATE TRIGGER brief_event_follow AFTER UPDATE ON event
WHEN EXISTS (SELECT 1 FROM brief_event
             WHERE conv_id = coalesce(old.conv_id, 0) AND ts = old.ts AND event_id = old.id)
BEGIN
  INSERT OR IGNORE INTO brief_member(identity_id, conv_id)
    SELECT identity_id, coalesce(new.conv_id, 0) FROM participant WHERE event_id = new.id;
  UPDATE brief_event SET conv_id = coalesce(new.conv_id, 0), ts = new.ts,
    bits = new.channel | (new.direction << 4) | ((new.flags & 16777215) << 8) | (new.words << 32)
  WHERE conv_id = coalesce(old.conv_id, 0) AND ts = old.ts AND event_id = old.id;
END;
