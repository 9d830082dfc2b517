/* store_sqlite_response.c — the SQLite backend's scan for `report response`:
 * the events of every conversation in which someone outside wrote to us in
 * the range, with each event's author, in conversation and time order, so
 * report_response.c can walk each conversation once, in memory-flat
 * streaming fashion. */
#include "store_sqlite_int.h"

gboolean sq_response_each(pl_store *st, gint64 since, gint64 until, pl_response_row_cb cb,
                          gpointer user, GError **err)
{
    sqlite3_stmt *q;
    /* The inner scan uses event_ts to find the conversations; the outer one
     * reads their whole history through event_conv, since a reply may come
     * after `until` and the turn it answers may have started before it. */
    if (sqlite3_prepare_v2(
            DB(st),
            "SELECT e.conv_id, e.id, e.ts, e.channel, e.direction, e.flags, e.subject, c.category, "
            " i.value, i.name, i.category, pe.category, o.category, " SQ_PERSON_ADDRESS(
                "i") " "
                     "FROM (SELECT DISTINCT conv_id FROM event "
                     "      WHERE ts >= ?1 AND ts < ?2 AND direction = ?3 AND (flags & ?4) = 0 "
                     "        AND conv_id IS NOT NULL) r "
                     "JOIN event e ON e.conv_id = r.conv_id "
                     "JOIN conversation c ON c.id = e.conv_id "
                     "LEFT JOIN participant p ON p.event_id = e.id AND p.role = ?5 "
                     "LEFT JOIN identity i ON i.id = p.identity_id "
                     "LEFT JOIN person pe ON pe.id = i.person_id "
                     "LEFT JOIN org o ON o.id = pe.org_id "
                     "ORDER BY e.conv_id, e.ts, e.id",
            -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "reading response times");
    sqlite3_bind_int64(q, 1, since);
    sqlite3_bind_int64(q, 2, until > 0 ? until : G_MAXINT64);
    sqlite3_bind_int(q, 3, PL_DIR_IN);
    sqlite3_bind_int(q, 4, PL_EV_AUTOMATED);
    sqlite3_bind_int(q, 5, PL_ROLE_FROM);
    int rc;
    gint64 last_event = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        gint64 id = sqlite3_column_int64(q, 1);
        if (id == last_event) /* a second author row: the first one stands */
            continue;
        last_event = id;
        pl_response_row r = {
            .conv_id = sqlite3_column_int64(q, 0),
            .event_id = id,
            .ts = sqlite3_column_int64(q, 2),
            .channel = sqlite3_column_int(q, 3),
            .direction = sqlite3_column_int(q, 4),
            .flags = (guint)sqlite3_column_int(q, 5),
            .subject = (const char *)sqlite3_column_text(q, 6),
            .conv_category = sq_col_cat(q, 7),
            .author = (const char *)sqlite3_column_text(q, 8),
            .author_name = (const char *)sqlite3_column_text(q, 9),
            .identity_category = sq_col_cat(q, 10),
            .person_category = sq_col_cat(q, 11),
            .org_category = sq_col_cat(q, 12),
            .person_address = (const char *)sqlite3_column_text(q, 13),
        };
        if (!cb(&r, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? TRUE : sq_fail(st, err, "reading response times");
}
