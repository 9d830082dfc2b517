-- 013: a chat message's room is kept once, on its session's conversation,
-- rather than as a participant row of every message.
--
-- A chat session (conversation) is the messages of one room, so the room is
-- a property of the conversation. As a participant it cost every message two
-- more b-tree entries (participant and participant_identity): a fifth of the
-- chat import's writing. Readers that want a chat event's room as a
-- participant (role 5, PL_ROLE_LIST) take it from conversation.room_id; the
-- refresh still sees it as the event's last participant
-- (store_sqlite_conv.c), so nothing computed from it changes. The literals:
-- PL_CH_CHAT = 2, PL_ROLE_LIST = 5 (store_sqlite.c asserts them).
ALTER TABLE conversation ADD COLUMN room_id INTEGER; -- identity.id of the room
CREATE INDEX conversation_room ON conversation(room_id) WHERE room_id IS NOT NULL;

UPDATE conversation SET room_id = (
    SELECT min(p.identity_id) FROM event e JOIN participant p ON p.event_id = e.id
    WHERE e.conv_id = conversation.id AND e.channel = 2 AND p.role = 5)
  WHERE id IN (SELECT conv_id FROM event WHERE channel = 2 AND conv_id IS NOT NULL);
DELETE FROM participant
  WHERE role = 5 AND EXISTS (SELECT 1 FROM event e JOIN conversation c ON c.id = e.conv_id
                             WHERE e.id = participant.event_id AND e.channel = 2
                               AND c.room_id = participant.identity_id);

-- The brief's membership follows an event that moves, its room included.
DROP TRIGGER IF EXISTS brief_event_follow;
CREATE TRIGGER brief_event_follow AFTER UPDATE ON event
WHEN EXISTS (SELECT 1 FROM brief_event
             WHERE conv_id = coalesce(old.conv_id, 0) AND ts = old.ts AND event_id = old.id)
BEGIN
  INSERT OR IGNORE INTO brief_member(identity_id, conv_id)
    SELECT identity_id, coalesce(new.conv_id, 0) FROM participant WHERE event_id = new.id
    UNION ALL
    SELECT room_id, id FROM conversation WHERE id = new.conv_id AND room_id IS NOT NULL;
  UPDATE brief_event SET conv_id = coalesce(new.conv_id, 0), ts = new.ts,
    bits = new.channel | (new.direction << 4) | ((new.flags & 16777215) << 8) | (new.words << 32)
  WHERE conv_id = coalesce(old.conv_id, 0) AND ts = old.ts AND event_id = old.id;
END;
