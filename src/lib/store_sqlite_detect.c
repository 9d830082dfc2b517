/* store_sqlite_detect.c — the SQLite side of detected open items: the
 * sentences found at ingest, the text the detection pass falls back to, and
 * the item changes it writes (items_detect.c, docs/model.md "Open items").
 * Schema: items in 004-items.sql, sentences in 008-detected-items.sql.
 *
 * The pass runs inside the conversation refresh over every dirty
 * conversation, so each call takes a whole batch and prepares its
 * statements once for it.
 */
#include <sqlite3.h>
#include <string.h>

#include "store_sqlite_int.h"

gboolean sq_event_texts(pl_store *st, const gint64 *ids, guint n, pl_event_text_cb cb,
                        gpointer user, GError **err)
{
    if (!n)
        return TRUE;
    sqlite3_stmt *q = sq_prepare(st,
                                 "SELECT e.source_key, b.body FROM event e"
                                 " LEFT JOIN event_body b ON b.event_id = e.id WHERE e.id = ?",
                                 err);
    if (!q)
        return FALSE;
    gboolean ok = TRUE, go = TRUE;
    for (guint i = 0; ok && go && i < n; i++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, ids[i]);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            pl_event_text t = {
                .event_id = ids[i],
                .source_key = (const char *)sqlite3_column_text(q, 0),
                .body = (const char *)sqlite3_column_text(q, 1),
            };
            go = cb(&t, user);
        } else if (rc != SQLITE_DONE) {
            ok = sq_fail(st, err, "reading event text");
        }
    }
    sqlite3_finalize(q);
    return ok;
}

gboolean sq_event_sentence_each(pl_store *st, const gint64 *ids, guint n, pl_sentence_cb cb,
                                gpointer user, GError **err)
{
    if (!n)
        return TRUE;
    sqlite3_stmt *q =
        sq_prepare(st,
                   "SELECT s.kind, s.sentence, s.due_ts, e.source_key FROM event_sentence s"
                   " JOIN event e ON e.id = s.event_id WHERE s.event_id = ? ORDER BY s.n",
                   err);
    if (!q)
        return FALSE;
    gboolean ok = TRUE, go = TRUE;
    for (guint i = 0; ok && go && i < n; i++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, ids[i]);
        int rc = SQLITE_DONE;
        while (go && (rc = sqlite3_step(q)) == SQLITE_ROW) {
            pl_sentence_row s = {
                .event_id = ids[i],
                .kind = sqlite3_column_int(q, 0),
                .sentence = (const char *)sqlite3_column_text(q, 1),
                .due_ts = sqlite3_column_int64(q, 2),
                .source_key = (const char *)sqlite3_column_text(q, 3),
            };
            go = cb(&s, user);
        }
        if (go && rc != SQLITE_DONE)
            ok = sq_fail(st, err, "reading detected sentences");
    }
    sqlite3_finalize(q);
    return ok;
}

gboolean sq_event_sentences_put(pl_store *st, int version, const gint64 *event_ids, guint n_events,
                                const pl_sentence_row *rows, guint n_rows, GError **err)
{
    if (!n_events)
        return TRUE;
    sqlite3_stmt *del = sq_prepare(st, "DELETE FROM event_sentence WHERE event_id = ?", err);
    sqlite3_stmt *set =
        del ? sq_prepare(st, "UPDATE OR FAIL event SET detect_v = ?, detect_n = ? WHERE id = ?",
                         err)
            : NULL;
    gboolean ok = set != NULL;
    GHashTable *count = g_hash_table_new(g_int64_hash, g_int64_equal);
    for (guint i = 0; i < n_rows; i++) {
        gpointer c = g_hash_table_lookup(count, &rows[i].event_id);
        g_hash_table_insert(count, (gpointer)&rows[i].event_id,
                            GUINT_TO_POINTER(GPOINTER_TO_UINT(c) + 1));
    }
    for (guint i = 0; ok && i < n_events; i++) {
        sqlite3_reset(del);
        sqlite3_bind_int64(del, 1, event_ids[i]);
        ok = sq_step_done(st, del, err, "replacing detected sentences");
        sqlite3_reset(set);
        sqlite3_bind_int(set, 1, version);
        sqlite3_bind_int(set, 2, (int)GPOINTER_TO_UINT(g_hash_table_lookup(count, &event_ids[i])));
        sqlite3_bind_int64(set, 3, event_ids[i]);
        ok = ok && sq_step_done(st, set, err, "recording detection");
    }
    g_hash_table_destroy(count);
    sqlite3_finalize(del);
    sqlite3_finalize(set);
    sqlite3_stmt *q =
        ok ? sq_stmt(st, S_SENTENCE_ADD,
                     "INSERT INTO event_sentence(event_id, n, kind, sentence, due_ts) "
                     "VALUES (?,?,?,?,?)")
           : NULL;
    gint64 last = 0;
    int n = 0;
    for (guint i = 0; ok && i < n_rows; i++) {
        n = rows[i].event_id == last ? n + 1 : 0;
        last = rows[i].event_id;
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, rows[i].event_id);
        sqlite3_bind_int(q, 2, n);
        sqlite3_bind_int(q, 3, rows[i].kind);
        sq_bind_text(q, 4, rows[i].sentence);
        if (rows[i].due_ts)
            sqlite3_bind_int64(q, 5, rows[i].due_ts);
        else
            sqlite3_bind_null(q, 5);
        ok = sq_step_done(st, q, err, "keeping detected sentences");
    }
    return ok;
}

gboolean sq_item_detected_each(pl_store *st, const gint64 *conv_ids, guint n, pl_item_state_cb cb,
                               gpointer user, GError **err)
{
    if (!n)
        return TRUE;
    sqlite3_stmt *q = sq_prepare(st,
                                 "SELECT x.id, x.source_event_id, x.closed_ts, x.key, x.status,"
                                 " x.closed_by FROM event e JOIN item x ON x.source_event_id = e.id"
                                 " WHERE e.conv_id = ? AND x.origin = 'detected' ORDER BY x.id",
                                 err);
    if (!q)
        return FALSE;
    gboolean ok = TRUE, go = TRUE;
    for (guint i = 0; ok && go && i < n; i++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, conv_ids[i]);
        int rc = SQLITE_DONE;
        while (go && (rc = sqlite3_step(q)) == SQLITE_ROW) {
            pl_item_state s = {
                .id = sqlite3_column_int64(q, 0),
                .source_event_id = sqlite3_column_int64(q, 1),
                .closed_ts = sqlite3_column_int64(q, 2),
                .key = (const char *)sqlite3_column_text(q, 3),
                .status = (const char *)sqlite3_column_text(q, 4),
                .closed_by = (const char *)sqlite3_column_text(q, 5),
            };
            go = cb(&s, user);
        }
        if (go && rc != SQLITE_DONE)
            ok = sq_fail(st, err, "reading detected items");
    }
    sqlite3_finalize(q);
    return ok;
}

static void bind_id(sqlite3_stmt *q, int i, gint64 v)
{
    if (v > 0)
        sqlite3_bind_int64(q, i, v);
    else
        sqlite3_bind_null(q, i);
}

gboolean sq_item_detected_apply(pl_store *st, const pl_item_change *c, guint n, GError **err)
{
    if (!n)
        return TRUE;
    /* A key already present (a user's closed item among them) is left as
     * it is: re-detection never duplicates nor reopens. */
    sqlite3_stmt *ins =
        sq_prepare(st,
                   "INSERT INTO item(key, kind, origin, text, due_ts, status, created_ts,"
                   " closed_ts, closed_by, source_event_id, source_sentence, person_id,"
                   " org_id, identity_id) VALUES (?,?,'detected',?,?,?,?,?,?,?,?,?,?,?)"
                   " ON CONFLICT(key) DO NOTHING",
                   err);
    sqlite3_stmt *set =
        ins ? sq_prepare(st,
                         "UPDATE item SET status = ?, closed_ts = ?, closed_by = ?"
                         " WHERE id = ? AND origin = 'detected' AND (status = 'open'"
                         " OR (status = 'done' AND closed_by = 'reply'))",
                         err)
            : NULL;
    sqlite3_stmt *del = set ? sq_prepare(st,
                                         "DELETE FROM item WHERE id = ? AND origin = 'detected'"
                                         " AND status = 'open'",
                                         err)
                            : NULL;
    gboolean ok = del != NULL;
    for (guint i = 0; ok && i < n; i++) {
        const pl_item_change *x = &c[i];
        sqlite3_stmt *q = x->op == PL_ITEM_INSERT ? ins : x->op == PL_ITEM_SET_STATUS ? set : del;
        sqlite3_reset(q);
        sqlite3_clear_bindings(q);
        gboolean closed = x->status && strcmp(x->status, "open") != 0;
        if (x->op == PL_ITEM_INSERT) {
            const pl_item *it = &x->item;
            g_assert(it->key && it->kind && it->text && x->status);
            sq_bind_text(q, 1, it->key);
            sq_bind_text(q, 2, it->kind);
            sq_bind_text(q, 3, it->text);
            bind_id(q, 4, it->due_ts);
            sq_bind_text(q, 5, x->status);
            sqlite3_bind_int64(q, 6, it->created_ts);
            bind_id(q, 7, closed ? x->closed_ts : 0);
            sq_bind_text(q, 8, closed ? x->closed_by : NULL);
            bind_id(q, 9, it->source_event_id);
            sq_bind_text(q, 10, it->source_sentence);
            bind_id(q, 11, it->about.person_id);
            bind_id(q, 12, it->about.org_id);
            bind_id(q, 13, it->about.identity_id);
        } else if (x->op == PL_ITEM_SET_STATUS) {
            g_assert(x->status);
            sq_bind_text(q, 1, x->status);
            bind_id(q, 2, closed ? x->closed_ts : 0);
            sq_bind_text(q, 3, closed ? x->closed_by : NULL);
            sqlite3_bind_int64(q, 4, x->id);
        } else {
            sqlite3_bind_int64(q, 1, x->id);
        }
        ok = sq_step_done(st, q, err, "writing detected items");
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(set);
    sqlite3_finalize(del);
    return ok;
}
