/* store_sqlite_calls.c — the SQLite side of call records (table call,
 * migration 003): one prepared statement, no text index (calls carry no
 * text), so writing a call costs one more row beside its event. */
#include "store_sqlite_int.h"

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
