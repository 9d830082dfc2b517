/* store_sqlite_calls.c — the SQLite side of call records (table call,
 * migration 003): one prepared statement, no text index (calls carry no
 * text), so writing a call costs one more row beside its event; and the
 * two reads over calls: `report calls` (sq_call_each) and the call list
 * (sq_touch_each). */
#include "store_sqlite_int.h"

#include <string.h>

static void bind_opt(sqlite3_stmt *q, int i, gint64 v, gint64 none)
{
    if (v == none)
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_int64(q, i, v);
}

gboolean sq_call_put(pl_store *st, gint64 event_id, const pl_call *c, GError **err)
{
    sqlite3_stmt *q = sq_stmt(
        st, S_CALL_PUT,
        "INSERT OR REPLACE INTO call(event_id, start_ts, answer_ts, end_ts, ring_s, talk_s, "
        "outcome, answered_by_human, presented_name, presented_number, presentation, line, "
        "agent, last_app, context, queue_wait_s, hangup_cause, legs) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!q)
        return sq_fail(st, err, "preparing call insert");
    static const char *const pres[] = {"named", "number-only", "withheld"};
    sqlite3_bind_int64(q, 1, event_id);
    sqlite3_bind_int64(q, 2, c->start_ts);
    bind_opt(q, 3, c->answer_ts, 0);
    bind_opt(q, 4, c->end_ts, 0);
    bind_opt(q, 5, c->ring_s, -1);
    sqlite3_bind_int64(q, 6, c->talk_s);
    sq_bind_text(q, 7, c->outcome);
    sqlite3_bind_int(q, 8, c->answered_by_human != 0);
    sq_bind_text(q, 9, c->presented_name);
    sq_bind_text(q, 10, c->presented_number);
    sq_bind_text(q, 11, pres[c->presentation >= 0 && c->presentation < 3 ? c->presentation : 2]);
    sq_bind_text(q, 12, c->line);
    sq_bind_text(q, 13, c->agent);
    sq_bind_text(q, 14, c->last_app);
    sq_bind_text(q, 15, c->context);
    bind_opt(q, 16, c->queue_wait_s, -1);
    sq_bind_text(q, 17, c->hangup_cause);
    sqlite3_bind_int(q, 18, c->legs);
    return sq_step_done(st, q, err, "adding call");
}

static const char *col_text(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

static gint64 col_opt(sqlite3_stmt *q, int i, gint64 none)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? none : sqlite3_column_int64(q, i);
}

/* One pass over the call table joined to its event and caller: `report
 * calls` aggregates in C, so the backend needs no report-specific SQL. */
gboolean sq_call_each(pl_store *st, gint64 since, gint64 until, pl_call_row_cb cb, gpointer user,
                      GError **err)
{
    sqlite3_stmt *q = NULL;
    const char *sql =
        "SELECT c.event_id, e.direction, c.start_ts, c.answer_ts, c.end_ts, c.ring_s, c.talk_s,"
        " c.queue_wait_s, c.outcome, c.answered_by_human, c.presented_name, c.presented_number,"
        " c.presentation, c.line, c.agent, c.last_app, c.context, c.hangup_cause, c.legs,"
        " i.value, p.name, o.name "
        "FROM call c JOIN event e ON e.id = c.event_id "
        "LEFT JOIN participant pa ON pa.event_id = c.event_id AND pa.role = 0 "
        "LEFT JOIN identity i ON i.id = pa.identity_id "
        "LEFT JOIN person p ON p.id = i.person_id LEFT JOIN org o ON o.id = p.org_id "
        "WHERE (?1 = 0 OR c.start_ts >= ?1) AND (?2 = 0 OR c.start_ts < ?2) "
        "ORDER BY c.start_ts, c.event_id";
    if (sqlite3_prepare_v2(DB(st), sql, -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "preparing calls");
    sqlite3_bind_int64(q, 1, since);
    sqlite3_bind_int64(q, 2, until);
    int rc;
    gint64 last_id = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        gint64 id = sqlite3_column_int64(q, 0);
        if (id == last_id) /* a second caller row cannot happen, but never count twice */
            continue;
        last_id = id;
        const char *pres = col_text(q, 12);
        pl_call_row r = {
            .event_id = id,
            .direction = sqlite3_column_int(q, 1),
            .call =
                {
                    .start_ts = sqlite3_column_int64(q, 2),
                    .answer_ts = col_opt(q, 3, 0),
                    .end_ts = col_opt(q, 4, 0),
                    .ring_s = col_opt(q, 5, -1),
                    .talk_s = sqlite3_column_int64(q, 6),
                    .queue_wait_s = col_opt(q, 7, -1),
                    .outcome = col_text(q, 8),
                    .answered_by_human = sqlite3_column_int(q, 9) != 0,
                    .presented_name = col_text(q, 10),
                    .presented_number = col_text(q, 11),
                    .presentation = !pres                              ? PL_PRES_WITHHELD
                                    : strcmp(pres, "named") == 0       ? PL_PRES_NAMED
                                    : strcmp(pres, "number-only") == 0 ? PL_PRES_NUMBER_ONLY
                                                                       : PL_PRES_WITHHELD,
                    .line = col_text(q, 13),
                    .agent = col_text(q, 14),
                    .last_app = col_text(q, 15),
                    .context = col_text(q, 16),
                    .hangup_cause = col_text(q, 17),
                    .legs = sqlite3_column_int(q, 18),
                },
            .caller = col_text(q, 19),
            .caller_person = col_text(q, 20),
            .caller_org = col_text(q, 21),
        };
        if (!cb(&r, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? TRUE : sq_fail(st, err, "reading calls");
}

/* The call list's first aggregate: every identity with who it is and its
 * conversations since recent_since. Only events in the window are joined
 * (event_ts range; CROSS JOIN keeps SQLite from walking every participant
 * through participant_identity instead: 1.1 s against 0.17 s over 100,000
 * contacts), so the cost follows the window, not the whole history. */
gboolean sq_touch_each(pl_store *st, gint64 recent_since, pl_touch_cb cb, gpointer user,
                       GError **err)
{
    sqlite3_stmt *q = NULL;
    const char *sql =
        "WITH agg AS (SELECT pa.identity_id AS iid, count(DISTINCT e.conv_id) AS rc"
        " FROM event e CROSS JOIN participant pa ON pa.event_id = e.id WHERE e.ts >= ?1"
        " GROUP BY pa.identity_id) "
        "SELECT i.id, i.person_id, p.org_id, i.kind, i.value, i.name, p.name, o.name,"
        " i.category, p.category, o.category, a.rc, " SQ_PERSON_ADDRESS(
            "i") " "
                 "FROM identity i LEFT JOIN agg a ON a.iid = i.id"
                 " LEFT JOIN person p ON p.id = i.person_id LEFT JOIN org o ON o.id = p.org_id "
                 "WHERE i.is_list = 0 AND (i.person_id IS NOT NULL OR a.iid IS NOT NULL OR"
                 " EXISTS (SELECT 1 FROM participant px WHERE px.identity_id = i.id))";
    if (sqlite3_prepare_v2(DB(st), sql, -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "preparing the call list");
    sqlite3_bind_int64(q, 1, recent_since);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_touch_row t = {
            .identity_id = sqlite3_column_int64(q, 0),
            .person_id = sqlite3_column_int64(q, 1),
            .org_id = sqlite3_column_int64(q, 2),
            .kind = sqlite3_column_int(q, 3),
            .value = col_text(q, 4),
            .name = col_text(q, 5),
            .person = col_text(q, 6),
            .org = col_text(q, 7),
            .identity_category = sq_col_cat(q, 8),
            .person_category = sq_col_cat(q, 9),
            .org_category = sq_col_cat(q, 10),
            .recent_convs = col_opt(q, 11, 0),
            .person_address = col_text(q, 12),
        };
        if (!cb(&t, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? TRUE : sq_fail(st, err, "reading the call list");
}

/* The call list's second aggregate, over the few key contacts only: the
 * newest voice event (a call a person answered — logged calls carry that
 * flag too — or a meeting) and the newest human e-mail or chat. The ids go
 * in as one JSON array, so it is one query however many are asked. */
gboolean sq_touch_last(pl_store *st, const gint64 *ids, guint n, pl_touch_cb cb, gpointer user,
                       GError **err)
{
    GString *list = g_string_new("[");
    for (guint i = 0; i < n; i++)
        g_string_append_printf(list, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
    g_string_append_c(list, ']');
    char *sql = g_strdup_printf(
        "SELECT pa.identity_id,"
        " max(CASE WHEN (e.channel = %d AND e.flags & %d) OR e.channel = %d THEN e.ts END),"
        " max(CASE WHEN e.channel IN (%d, %d) AND e.flags & %d = 0 THEN e.ts END) "
        "FROM participant pa JOIN event e ON e.id = pa.event_id "
        "WHERE pa.identity_id IN (SELECT value FROM json_each(?1)) GROUP BY pa.identity_id",
        PL_CH_CALL, PL_EV_HUMAN_ANSWER, PL_CH_MEETING, PL_CH_EMAIL, PL_CH_CHAT,
        PL_EV_AUTOMATED | PL_EV_AUTOREPLY | PL_EV_BULK);
    sqlite3_stmt *q = NULL;
    int prc = sqlite3_prepare_v2(DB(st), sql, -1, &q, NULL);
    g_free(sql);
    if (prc != SQLITE_OK) {
        g_string_free(list, TRUE);
        return sq_fail(st, err, "preparing the call list");
    }
    sqlite3_bind_text(q, 1, list->str, -1, SQLITE_TRANSIENT);
    g_string_free(list, TRUE);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_touch_row t = {
            .identity_id = sqlite3_column_int64(q, 0),
            .last_voice_ts = col_opt(q, 1, 0),
            .last_text_ts = col_opt(q, 2, 0),
        };
        if (!cb(&t, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? TRUE : sq_fail(st, err, "reading the call list");
}
