-- 007: how far an incremental sync of a remote folder got (parley sync).
-- One row per source of kind 'imap' (location imap://user@host[:port]/FOLDER):
-- the folder's UIDVALIDITY and the highest UID up to which every message was
-- ingested or reported. Written in the same transaction as the events it
-- covers, so an interrupted sync resumes right after the last committed
-- message; a different UIDVALIDITY on the server means the UIDs were
-- renumbered and the folder is read again (event source keys keep that
-- from adding anything twice).
CREATE TABLE sync_state(
  source_id INTEGER PRIMARY KEY REFERENCES source(id),
  validity INTEGER NOT NULL,        -- IMAP UIDVALIDITY
  high_water INTEGER NOT NULL,      -- highest UID done (0 = none yet)
  synced_ts INTEGER NOT NULL);      -- UTC seconds of the last update
