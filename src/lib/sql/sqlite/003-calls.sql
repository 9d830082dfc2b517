-- 003: what a call record says beyond its event (channel call): the times of
-- its phases, how it ended, who answered and how the caller ID was
-- presented. One row per call event (its legs already merged); the event
-- keeps ts (= start_ts) and duration_s (talk time when a person answered).
CREATE TABLE call(
  event_id INTEGER PRIMARY KEY,     -- event.id
  start_ts INTEGER NOT NULL,        -- UTC seconds: earliest leg start
  answer_ts INTEGER,                -- first answer of any leg; NULL = never answered
  end_ts INTEGER,                   -- latest leg end
  ring_s INTEGER,                   -- start to first answer (or to end, unanswered)
  talk_s INTEGER NOT NULL DEFAULT 0,-- billsec of the answered leg (a person's, if any)
  outcome TEXT NOT NULL,            -- ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION, CANCELED
  answered_by_human INTEGER NOT NULL DEFAULT 0,
  presented_name TEXT,              -- caller ID as presented
  presented_number TEXT,
  presentation TEXT NOT NULL,       -- named | number-only | withheld
  line TEXT,                        -- trunk / line / account the call used
  agent TEXT,                       -- our extension or agent on the call
  last_app TEXT,                    -- dialplan application of the deciding leg
  context TEXT,                     -- dialplan context of the first leg
  queue_wait_s INTEGER,             -- entering a queue context to a person answering; NULL = no queue
  hangup_cause TEXT,                -- as the switch wrote it (Q.850 name, status)
  legs INTEGER NOT NULL DEFAULT 1);
