-- 001: the first schema. One event table for every channel; identities,
-- people and organisations; the mail reference graph; derived conversations.
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;

CREATE TABLE source(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,               -- maildir, mbox, eml, cdr, chat, manual
  location TEXT NOT NULL,
  UNIQUE(kind, location));

-- Files already read, so that a re-scan skips them without parsing.
CREATE TABLE file_seen(
  path TEXT PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES source(id),
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE org(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  domain TEXT,
  category INTEGER);

CREATE TABLE person(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,         -- stable import key (vCard UID, first address, name)
  name TEXT,
  org_id INTEGER REFERENCES org(id),
  category INTEGER);

CREATE TABLE identity(
  id INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL,            -- pl_identity_kind
  value TEXT NOT NULL,              -- normalised
  name TEXT,
  person_id INTEGER REFERENCES person(id),
  is_list INTEGER NOT NULL DEFAULT 0,
  category INTEGER,                 -- set on this identity alone
  UNIQUE(kind, value));

CREATE TABLE rule(
  kind TEXT NOT NULL,               -- domain | address
  pattern TEXT NOT NULL,
  category INTEGER NOT NULL,
  PRIMARY KEY(kind, pattern)) WITHOUT ROWID;

CREATE TABLE conversation(
  id INTEGER PRIMARY KEY,
  channel INTEGER NOT NULL,
  subject TEXT,
  subject_norm TEXT,
  first_ts INTEGER NOT NULL DEFAULT 0,
  last_ts INTEGER NOT NULL DEFAULT 0,
  n_events INTEGER NOT NULL DEFAULT 0,
  n_human INTEGER NOT NULL DEFAULT 0,
  n_in INTEGER NOT NULL DEFAULT 0,
  n_out INTEGER NOT NULL DEFAULT 0,
  me INTEGER NOT NULL DEFAULT 0,
  automated INTEGER NOT NULL DEFAULT 0,
  external INTEGER NOT NULL DEFAULT 0,
  category INTEGER NOT NULL DEFAULT 10,
  counterpart TEXT,
  est_seconds INTEGER NOT NULL DEFAULT 0,
  duration_s INTEGER NOT NULL DEFAULT 0,
  dirty INTEGER NOT NULL DEFAULT 1);
CREATE INDEX conversation_last ON conversation(last_ts);
CREATE INDEX conversation_me_last ON conversation(me, last_ts);
CREATE INDEX conversation_subject ON conversation(subject_norm, last_ts);
CREATE INDEX conversation_dirty ON conversation(dirty) WHERE dirty = 1;

CREATE TABLE event(
  id INTEGER PRIMARY KEY,
  channel INTEGER NOT NULL,
  direction INTEGER NOT NULL,
  ts INTEGER NOT NULL,              -- UTC seconds
  duration_s INTEGER NOT NULL DEFAULT 0,
  subject TEXT,
  words INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  source_key TEXT NOT NULL UNIQUE,
  message_id TEXT,
  flags INTEGER NOT NULL DEFAULT 0,
  conv_id INTEGER);
CREATE INDEX event_conv ON event(conv_id);
CREATE INDEX event_ts ON event(ts);

-- Bodies live apart so metadata-only mode simply has no rows here.
CREATE TABLE event_body(event_id INTEGER PRIMARY KEY, body TEXT NOT NULL);
-- The full-text index lives in a file of its own (store_sqlite_text.c).

-- Where each event was seen: one event, many mailboxes/folders/files.
CREATE TABLE event_seen(
  event_id INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  location TEXT NOT NULL,
  PRIMARY KEY(event_id, source_id, location)) WITHOUT ROWID;

CREATE TABLE participant(
  event_id INTEGER NOT NULL,
  identity_id INTEGER NOT NULL,
  role INTEGER NOT NULL,            -- pl_role
  PRIMARY KEY(event_id, role, identity_id)) WITHOUT ROWID;
CREATE INDEX participant_identity ON participant(identity_id);

-- The mail reference graph (Message-IDs seen or referenced).
CREATE TABLE mail_node(
  msgid TEXT PRIMARY KEY,
  parent TEXT,
  conv_id INTEGER NOT NULL,
  has_event INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE INDEX mail_node_conv ON mail_node(conv_id);
