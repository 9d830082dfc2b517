-- 014: the item table's CHECK constraints as comparisons instead of IN
-- lists. SQLite evaluates `x IN ('a', 'b', 'c')` in a CHECK by building an
-- ephemeral table of the list for every row written, so each INSERT or
-- status UPDATE of an item built three: 87,000 of the 118,000 instructions
-- of an item insert went there (20,000 inserts measured under callgrind;
-- with comparisons 27,000). The same values are allowed and refused.
-- SQLite changes a CHECK only by rebuilding the table: same columns in the
-- same order, the same rows and ids, the same indexes.
CREATE TABLE item_new(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,         -- idempotency: "<event source_key>#<n>"; a re-run
                                    -- or re-detection finds the row, never reopens it
  kind TEXT NOT NULL CHECK(kind = 'follow-up' OR kind = 'promise' OR kind = 'question'),
  origin TEXT NOT NULL DEFAULT 'logged' CHECK(origin = 'logged' OR origin = 'detected'),
  text TEXT NOT NULL,
  due_ts INTEGER,                   -- UTC seconds; NULL = no due date
  status TEXT NOT NULL DEFAULT 'open'
    CHECK(status = 'open' OR status = 'done' OR status = 'dismissed'),
  created_ts INTEGER NOT NULL,
  closed_ts INTEGER,
  closed_by TEXT,                   -- who closed it (an address of ours or a user name)
  source_event_id INTEGER,          -- event(id) it came from
  source_sentence TEXT,             -- the sentence it was detected in / logged as
  person_id INTEGER,                -- what it is about: any of the three may be NULL
  org_id INTEGER,
  identity_id INTEGER,
  due_has_time INTEGER NOT NULL DEFAULT 0); -- 005
INSERT INTO item_new(id, key, kind, origin, text, due_ts, status, created_ts, closed_ts,
                     closed_by, source_event_id, source_sentence, person_id, org_id,
                     identity_id, due_has_time)
  SELECT id, key, kind, origin, text, due_ts, status, created_ts, closed_ts, closed_by,
         source_event_id, source_sentence, person_id, org_id, identity_id, due_has_time
  FROM item;
DROP TABLE item;
ALTER TABLE item_new RENAME TO item;
CREATE INDEX item_open ON item(status, due_ts);
CREATE INDEX item_event ON item(source_event_id);
CREATE INDEX item_person_status ON item(person_id, status) WHERE person_id IS NOT NULL;
CREATE INDEX item_org_status ON item(org_id, status) WHERE org_id IS NOT NULL;
CREATE INDEX item_identity_status ON item(identity_id, status) WHERE identity_id IS NOT NULL;
