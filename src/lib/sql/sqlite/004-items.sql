-- 004: open items and personal facts. Items are first-class (docs/model.md):
-- logged follow-ups now, detected promises and questions later, all read by
-- the same queries (open list, briefs, call list, calendar export). Each
-- points at what it is about (a person, an organisation or a bare identity)
-- and at the event and sentence it came from.
CREATE TABLE item(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,         -- idempotency: "<event source_key>#<n>"; a re-run
                                    -- or re-detection finds the row, never reopens it
  kind TEXT NOT NULL CHECK(kind IN ('follow-up', 'promise', 'question')),
  origin TEXT NOT NULL DEFAULT 'logged' CHECK(origin IN ('logged', 'detected')),
  text TEXT NOT NULL,
  due_ts INTEGER,                   -- UTC seconds; NULL = no due date
  status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open', 'done', 'dismissed')),
  created_ts INTEGER NOT NULL,
  closed_ts INTEGER,
  closed_by TEXT,                   -- who closed it (an address of ours or a user name)
  source_event_id INTEGER,          -- event(id) it came from
  source_sentence TEXT,             -- the sentence it was detected in / logged as
  person_id INTEGER,                -- what it is about: any of the three may be NULL
  org_id INTEGER,
  identity_id INTEGER);
CREATE INDEX item_open ON item(status, due_ts);
CREATE INDEX item_event ON item(source_event_id);
CREATE INDEX item_person ON item(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX item_org ON item(org_id) WHERE org_id IS NOT NULL;
CREATE INDEX item_identity ON item(identity_id) WHERE identity_id IS NOT NULL;

-- Personal facts about a contact (family, interests, the team they follow,
-- holiday plans): not tasks, never "open", shown beside the contact.
CREATE TABLE fact(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,               -- family, interest, team, holiday, birthday, personal, ...
  text TEXT NOT NULL,
  created_ts INTEGER NOT NULL,
  source_event_id INTEGER,
  person_id INTEGER,
  org_id INTEGER,
  identity_id INTEGER);
CREATE INDEX fact_person ON fact(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX fact_org ON fact(org_id) WHERE org_id IS NOT NULL;
CREATE INDEX fact_identity ON fact(identity_id) WHERE identity_id IS NOT NULL;
