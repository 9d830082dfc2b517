-- 009: only mail threads are found by subject (conv_by_subject); calls and
-- chats have no normalised subject, so a partial index leaves them out: one
-- b-tree insertion less for each of the millions of calls a CDR import
-- writes (its one-event conversations), and a smaller index. A lookup by
-- subject_norm = ? implies subject_norm IS NOT NULL, so it still uses it.
DROP INDEX IF EXISTS conversation_subject;
CREATE INDEX conversation_subject ON conversation(subject_norm, last_ts)
  WHERE subject_norm IS NOT NULL;
