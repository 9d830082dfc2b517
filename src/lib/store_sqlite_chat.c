/* store_sqlite_chat.c — what the chat sessions need of the store (the
 * messages themselves go in through store_sqlite_bulk_chat.c): finding the
 * session (conversation) a chat message continues when the session began
 * in an earlier import or an earlier file, whether a room has any stored
 * messages at all, and marking a session for the next refresh. */
#include "store_sqlite_int.h"

/* The id of the handle room, 0 when there is none. */
static gint64 room_id(pl_store *st, const char *room)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_ROOM_ID, "SELECT id FROM identity WHERE kind = ? AND value = ?");
    sqlite3_bind_int(q, 1, PL_ID_HANDLE);
    sq_bind_text(q, 2, room);
    gint64 id = sq_step_int64(q);
    sqlite3_reset(q);
    return id;
}

/* Migration 013 keeps a chat event's room on its conversation, with the
 * literals PL_CH_CHAT and PL_ROLE_LIST. */
G_STATIC_ASSERT(PL_CH_CHAT == 2);
G_STATIC_ASSERT(PL_ROLE_LIST == 5);

gint64 sq_chat_session_near(pl_store *st, const char *room, gint64 ts, gint64 gap, int side,
                            gint64 except)
{
    gint64 rid = room_id(st, room);
    if (!rid)
        return 0;
    /* Walks the events of the time window (event_ts) rather than the room's
     * sessions: a busy room has far more sessions than a window has events.
     * An event's session is one primary-key lookup; its room is kept there.
     * Events, not the sessions' first_ts/last_ts: those are saved when a
     * session closes, so an interrupted import may have left them behind. */
    sqlite3_stmt *q = sq_stmt(st, S_CHAT_NEAR,
                              "SELECT e.conv_id FROM event e CROSS JOIN conversation c"
                              " ON c.id = e.conv_id "
                              "WHERE e.ts > ?1 AND e.ts < ?2 AND e.channel = ?3 "
                              "AND e.conv_id != ?4 AND c.room_id = ?5 "
                              "ORDER BY abs(e.ts - ?6), e.id LIMIT 1");
    sqlite3_bind_int64(q, 1, side < 0 ? ts - gap : ts - 1);
    sqlite3_bind_int64(q, 2, side < 0 ? ts + 1 : ts + gap);
    sqlite3_bind_int(q, 3, PL_CH_CHAT);
    sqlite3_bind_int64(q, 4, except);
    sqlite3_bind_int64(q, 5, rid);
    sqlite3_bind_int64(q, 6, ts);
    gint64 conv = sq_step_int64(q);
    sqlite3_reset(q);
    return conv;
}

gboolean sq_chat_room_used(pl_store *st, const char *room)
{
    gint64 rid = room_id(st, room);
    if (!rid)
        return FALSE;
    sqlite3_stmt *q =
        sq_stmt(st, S_ROOM_USED, "SELECT 1 FROM conversation WHERE room_id = ? LIMIT 1");
    sqlite3_bind_int64(q, 1, rid);
    gboolean used = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_reset(q);
    return used;
}

gboolean sq_conv_touch(pl_store *st, gint64 conv_id, GError **err)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_CONV_DIRTY, "UPDATE conversation SET dirty = 1 WHERE id = ? AND dirty = 0");
    sqlite3_bind_int64(q, 1, conv_id);
    return sq_step_done(st, q, err, "marking conversation");
}
