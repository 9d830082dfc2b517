/* store_sqlite_chat.c — the one store operation chats need: finding the
 * session (conversation) a chat message continues when the session began
 * in an earlier import or an earlier file. */
#include "store_sqlite_int.h"

gint64 sq_chat_session_near(pl_store *st, const char *room, gint64 ts, gint64 gap, int side,
                            gint64 except)
{
    /* Walks the events of the time window (event_ts) rather than the room's
     * participants: a busy room has far more events than a window does.
     * Prepared per call: it runs once per session start, not per message. */
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(DB(st),
                           "SELECT e.conv_id FROM event e "
                           "WHERE e.ts > ?6 AND e.ts < ?7 AND e.channel = ?4 "
                           "AND e.conv_id IS NOT NULL AND e.conv_id != ?8 AND EXISTS ("
                           " SELECT 1 FROM participant p JOIN identity i ON i.id = p.identity_id"
                           " WHERE p.event_id = e.id AND i.kind = ?5 AND i.value = ?1) "
                           "ORDER BY abs(e.ts - ?2), e.id LIMIT 1",
                           -1, &q, NULL) != SQLITE_OK)
        return 0;
    sq_bind_text(q, 1, room);
    sqlite3_bind_int64(q, 2, ts);
    sqlite3_bind_int64(q, 3, gap);
    sqlite3_bind_int(q, 4, PL_CH_CHAT);
    sqlite3_bind_int(q, 5, PL_ID_HANDLE);
    sqlite3_bind_int64(q, 6, side < 0 ? ts - gap : ts - 1);
    sqlite3_bind_int64(q, 7, side < 0 ? ts + 1 : ts + gap);
    sqlite3_bind_int64(q, 8, except);
    gint64 conv = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return conv;
}
