/* store_sqlite_response.c — the SQLite backend's side of `report response`:
 * writing a conversation's response runs when its aggregates are saved, and
 * reading the runs of a range and the automated messages around them.
 *
 * The runs (response_run, migration 011) are derived, like the rest of a
 * conversation's aggregates: conv_save replaces them whenever a refresh
 * recomputes the conversation, inside the refresh's transaction, so they
 * are never staler than the conversation row itself. A report then reads
 * one row per run, clustered by time, instead of every event of the
 * conversations customers wrote in (683,223 events for the 135,419 runs of
 * the bench store). */
#include "store_sqlite_int.h"

#include <string.h>

enum { RUN_AUTO_ACK = 1, RUN_AUTO_ONLY = 2 }; /* response_run.bits */

/* later_ts: int64 little-endian, so a store file reads the same anywhere. */
static void bind_later(sqlite3_stmt *q, int i, const pl_response_run *r)
{
    if (r->messages <= 1) {
        sqlite3_bind_null(q, i);
        return;
    }
    g_assert(r->later_ts);
    guint n = r->messages - 1;
    gint64 *le = g_new(gint64, n);
    for (guint k = 0; k < n; k++)
        le[k] = GINT64_TO_LE(r->later_ts[k]);
    sqlite3_bind_blob(q, i, le, (int)(n * sizeof(gint64)), g_free);
}

void sq_response_run_bind(sqlite3_stmt *q, int o, const pl_response_run *r)
{
    g_assert(r->messages >= 1 && r->first_ts <= r->last_ts);
    sqlite3_bind_int64(q, o + 1, r->first_ts);
    sqlite3_bind_int64(q, o + 2, r->conv_id);
    sqlite3_bind_int(q, o + 3, r->seq);
    sqlite3_bind_int64(q, o + 4, r->last_ts);
    sqlite3_bind_int(q, o + 5, r->channel);
    sqlite3_bind_int64(q, o + 6, r->author_id);
    sqlite3_bind_int(q, o + 7, (int)r->messages);
    bind_later(q, o + 8, r);
    if (r->answered) {
        sqlite3_bind_int64(q, o + 9, r->answer_ts);
        sqlite3_bind_int64(q, o + 10, r->answer_author_id);
    } else {
        sqlite3_bind_null(q, o + 9);
        sqlite3_bind_null(q, o + 10);
    }
    sqlite3_bind_int(q, o + 11,
                     (r->auto_ack ? RUN_AUTO_ACK : 0) | (r->auto_only ? RUN_AUTO_ONLY : 0));
    sq_bind_text(q, o + 12, r->subject);
}

const char SQ_RUN_COLUMNS[] =
    "INSERT OR FAIL INTO response_run(first_ts, conv_id, seq, last_ts, channel,"
    " author_id, messages, later_ts, answer_ts, answer_author_id, bits,"
    " subject) VALUES ";
const char SQ_RUN_TUPLE[] = "(?,?,?,?,?,?,?,?,?,?,?,?)";

gboolean sq_response_save(pl_store *st, const pl_conv_summary *s, GError **err)
{
    /* A conversation saved without runs usually had none before either;
     * the delete is one probe of response_run_conv then. */
    sqlite3_stmt *del = sq_stmt(st, S_RUN_DELETE, "DELETE FROM response_run WHERE conv_id = ?");
    sqlite3_bind_int64(del, 1, s->id);
    if (!sq_step_done(st, del, err, "replacing response runs"))
        return FALSE;
    if (!s->n_runs)
        return TRUE;
    static char sql[sizeof SQ_RUN_COLUMNS + sizeof SQ_RUN_TUPLE]; /* the one-row INSERT */
    if (!*sql)
        g_snprintf(sql, sizeof sql, "%s%s", SQ_RUN_COLUMNS, SQ_RUN_TUPLE);
    sqlite3_stmt *q = sq_stmt(st, S_RUN_INSERT, sql);
    for (guint i = 0; i < s->n_runs; i++) {
        g_assert(s->runs[i].conv_id == s->id);
        sq_response_run_bind(q, 0, &s->runs[i]);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            return sq_fail(st, err, "saving response runs");
    }
    return TRUE;
}

gboolean sq_response_runs(pl_store *st, gint64 since, gint64 until, pl_response_run_cb cb,
                          gpointer user, GError **err)
{
    /* A long range reads much of the file: through mmap, not a read() per
     * page (as sq_conv_each does). */
    if (!sq_exec(st, "PRAGMA mmap_size=1073741824", err))
        return FALSE;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(DB(st),
                           "SELECT first_ts, conv_id, seq, last_ts, channel, author_id, messages,"
                           " later_ts, answer_ts, answer_author_id, bits, subject "
                           "FROM response_run WHERE first_ts >= ?1 AND first_ts < ?2",
                           -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "reading response runs");
    sqlite3_bind_int64(q, 1, since);
    sqlite3_bind_int64(q, 2, until > 0 ? until : G_MAXINT64);
    GArray *later = g_array_new(FALSE, FALSE, sizeof(gint64));
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        guint messages = (guint)sqlite3_column_int(q, 6);
        g_array_set_size(later, 0);
        if (messages > 1) {
            const gint64 *le = sqlite3_column_blob(q, 7);
            int bytes = sqlite3_column_bytes(q, 7);
            if (!le || bytes != (int)((messages - 1) * sizeof(gint64))) {
                g_set_error(err, PARLEY_ERROR, PL_ERR_STORE,
                            "%s: response run of conversation %" G_GINT64_FORMAT
                            " is damaged (%d bytes of times for %u messages)",
                            st->spec, (gint64)sqlite3_column_int64(q, 1), bytes, messages);
                rc = SQLITE_ERROR;
                break;
            }
            for (guint k = 0; k + 1 < messages; k++) {
                gint64 v;
                memcpy(&v, (const char *)le + k * sizeof v, sizeof v);
                v = GINT64_FROM_LE(v);
                g_array_append_val(later, v);
            }
        }
        int bits = sqlite3_column_int(q, 10);
        gboolean answered = sqlite3_column_type(q, 8) != SQLITE_NULL;
        pl_response_run r = {
            .first_ts = sqlite3_column_int64(q, 0),
            .conv_id = sqlite3_column_int64(q, 1),
            .seq = sqlite3_column_int(q, 2),
            .last_ts = sqlite3_column_int64(q, 3),
            .channel = sqlite3_column_int(q, 4),
            .author_id = sqlite3_column_int64(q, 5),
            .messages = messages,
            .later_ts = messages > 1 ? &g_array_index(later, gint64, 0) : NULL,
            .answered = answered,
            .answer_ts = answered ? sqlite3_column_int64(q, 8) : 0,
            .answer_author_id = answered ? sqlite3_column_int64(q, 9) : 0,
            .auto_ack = (bits & RUN_AUTO_ACK) != 0,
            .auto_only = (bits & RUN_AUTO_ONLY) != 0,
            .subject = (const char *)sqlite3_column_text(q, 11),
        };
        if (!cb(&r, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    if (!ok && rc != SQLITE_ERROR)
        sq_fail(st, err, "reading response runs");
    sqlite3_finalize(q);
    g_array_free(later, TRUE);
    return ok;
}

/* The literals of the probe below are what an inbound human event is. */
G_STATIC_ASSERT(PL_DIR_IN == 1);
G_STATIC_ASSERT(PL_EV_AUTOMATED == 1);

gboolean sq_response_automated(pl_store *st, gint64 since, gint64 until, gint64 *n, GError **err)
{
    *n = 0;
    if (!until)
        until = G_MAXINT64;
    sqlite3_stmt *q = NULL, *probe = NULL;
    if (sqlite3_prepare_v2(DB(st),
                           "SELECT id, resp_inbound_first, resp_inbound_last, resp_automated"
                           " FROM conversation INDEXED BY conversation_resp_automated"
                           " WHERE resp_automated > 0 AND resp_inbound_last >= ?1"
                           " AND resp_inbound_first < ?2",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(DB(st),
                           "SELECT 1 FROM event WHERE conv_id = ?1 AND ts >= ?2 AND ts < ?3"
                           " AND direction = 1 AND (flags & 1) = 0 LIMIT 1",
                           -1, &probe, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return sq_fail(st, err, "counting automated messages");
    }
    sqlite3_bind_int64(q, 1, since);
    sqlite3_bind_int64(q, 2, until);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        gint64 first = sqlite3_column_int64(q, 1), last = sqlite3_column_int64(q, 2);
        /* first < until <= ... and last >= since: one of them in the range
         * settles it; else the conversation spans the whole range, and
         * only its events can say whether one inbound falls inside. */
        gboolean in = first >= since || last < until;
        if (!in) {
            sqlite3_reset(probe);
            sqlite3_bind_int64(probe, 1, sqlite3_column_int64(q, 0));
            sqlite3_bind_int64(probe, 2, since);
            sqlite3_bind_int64(probe, 3, until);
            int prc = sqlite3_step(probe);
            if (prc != SQLITE_ROW && prc != SQLITE_DONE) {
                rc = prc;
                break;
            }
            in = prc == SQLITE_ROW;
        }
        if (in)
            *n += sqlite3_column_int64(q, 3);
    }
    gboolean ok = rc == SQLITE_DONE;
    if (!ok)
        sq_fail(st, err, "counting automated messages");
    sqlite3_finalize(q);
    sqlite3_finalize(probe);
    return ok;
}
