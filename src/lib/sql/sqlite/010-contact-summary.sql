-- 010: what the call list reads instead of joining every identity to its
-- person and organisation and every recent event to its participants (issue
-- 3: 100,000 contacts in <= 200 ms), and phone numbers found in mail
-- signatures. The summaries are derived and recomputable (docs/model.md,
-- "Call-list summaries"); `parley stats --verify` compares them with a
-- recomputation from scratch.

-- One row per identity and conversation it took part in: the newest event
-- of that conversation with it. Rewritten with the conversation's aggregates
-- by every refresh, so it follows threading, merges and contacts (linking an
-- identity to a person marks its conversations dirty). contact is the
-- identity's person, or -(identity id) for an identity nobody's contact.
CREATE TABLE conv_touch(
  conv_id INTEGER NOT NULL,
  identity_id INTEGER NOT NULL,
  contact INTEGER NOT NULL,
  last_ts INTEGER NOT NULL,
  PRIMARY KEY(conv_id, identity_id)) WITHOUT ROWID;
-- The volume window: conversations per contact since a time, from the index.
CREATE INDEX conv_touch_recent ON conv_touch(last_ts, contact, identity_id);

-- One row per contact (a person with an identity that is no mailing list,
-- or such an identity of nobody's that took part in an event): what ranks it.
CREATE TABLE contact_summary(
  id INTEGER PRIMARY KEY,           -- person id, or -(identity id)
  identity_id INTEGER NOT NULL,     -- its first identity (lowest id): ties
  customer INTEGER NOT NULL,        -- one of its identities classifies customer
  name TEXT);                       -- the person's name, else the identity's, else its value
-- Customers in id order from the index alone (a partial index would not
-- cover: SQLite reads customer from the table to check it).
CREATE INDEX contact_summary_customers ON contact_summary(customer, id, identity_id, name);

-- Contacts whose summary must be recomputed: marked by contacts import,
-- labels, config changes and refreshed conversations, emptied by a refresh.
CREATE TABLE contact_dirty(id INTEGER PRIMARY KEY);

-- Domains whose identities an organisation's new category or domain
-- reclassifies (contacts import): their conversations and contacts are
-- marked by the next refresh in one pass over identities, not by one scan
-- per card.
CREATE TABLE pending_domain(domain TEXT PRIMARY KEY) WITHOUT ROWID;

-- Phone numbers in the signatures of human mail (signature.c): which
-- author's message had which number. Kept for every message, so whether a
-- number is unambiguous can be decided again whenever mail or contacts
-- change (signature_links.c, docs/model.md "Numbers from signatures").
CREATE TABLE sig_number(
  number_id INTEGER NOT NULL,       -- identity (phone) of the number
  author_id INTEGER NOT NULL,       -- identity (e-mail) of the message's author
  event_id INTEGER NOT NULL,
  PRIMARY KEY(number_id, author_id, event_id)) WITHOUT ROWID;
CREATE INDEX sig_number_author ON sig_number(author_id);
-- Identities whose person the signatures decided (not contacts): the
-- number, and the author's address when a person was made for the author.
-- Contacts linking the identity remove its row: contacts always win.
CREATE TABLE sig_link(
  identity_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL);

-- A person's identities, and the people of an organisation (its category
-- classifies them), without a scan.
CREATE INDEX identity_person ON identity(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX person_org ON person(org_id) WHERE org_id IS NOT NULL;
-- Mailing-list identities are nobody's contact: few, read whole.
CREATE INDEX identity_lists ON identity(id) WHERE is_list = 1;

-- An existing store: touches recomputed from events here, every contact
-- summarised by the next refresh.
INSERT INTO conv_touch(conv_id, identity_id, contact, last_ts)
  SELECT e.conv_id, pa.identity_id, coalesce(i.person_id, -i.id), max(e.ts)
  FROM event e JOIN participant pa ON pa.event_id = e.id JOIN identity i ON i.id = pa.identity_id
  WHERE e.conv_id IS NOT NULL GROUP BY e.conv_id, pa.identity_id;
INSERT OR IGNORE INTO contact_dirty(id)
  SELECT coalesce(person_id, -id) FROM identity WHERE is_list = 0;
