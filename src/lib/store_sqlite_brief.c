/* store_sqlite_brief.c — the SQLite side of `parley brief`: the brief
 * table with its keyword index (brief_event and term,
 * sql/sqlite/008-brief.sql) and the one scan a brief makes over the
 * conversations of a contact.
 *
 * A brief row holds everything a brief reads of an event, clustered by
 * conversation, and its keywords are one BLOB of varint pairs (term id
 * delta, count) rather than a row per stem: a brief over 10,000 events
 * reads a few thousand ranges of small rows, not hundreds of thousands of
 * keyword rows, and the stems are looked up only for the few that rank.
 */
#include <sqlite3.h>
#include <string.h>

#include "store_sqlite_int.h"

static sqlite3_stmt *prep(pl_store *st, const char *sql, GError **err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(DB(st), sql, -1, &q, NULL) != SQLITE_OK) {
        sq_fail(st, err, "preparing a query");
        return NULL;
    }
    return q;
}

/* ------------------------------------------------------- blob encoding */

static void put_varint(GByteArray *b, guint32 v)
{
    while (v >= 0x80) {
        guint8 c = (guint8)(v | 0x80);
        g_byte_array_append(b, &c, 1);
        v >>= 7;
    }
    guint8 c = (guint8)v;
    g_byte_array_append(b, &c, 1);
}

/* FALSE when the bytes end inside a number or it does not fit 32 bits. */
static gboolean get_varint(const guint8 **p, const guint8 *end, guint32 *out)
{
    guint32 v = 0;
    for (int shift = 0; *p < end && shift < 35; shift += 7) {
        guint8 c = *(*p)++;
        v |= (guint32)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *out = v;
            return TRUE;
        }
    }
    return FALSE;
}

typedef struct {
    guint32 id, count;
} id_count;

static int by_id(const void *a, const void *b)
{
    guint32 x = ((const id_count *)a)->id, y = ((const id_count *)b)->id;
    return x < y ? -1 : x > y;
}

/* --------------------------------------------------------- the index */

gboolean sq_keyword_pending(pl_store *st, gint64 after_id, int limit, pl_body_cb cb, gpointer user,
                            GError **err)
{
    sqlite3_stmt *q = prep(st,
                           "SELECT e.id, b.body FROM event e LEFT JOIN event_body b"
                           " ON b.event_id = e.id WHERE e.id > ? ORDER BY e.id LIMIT ?",
                           err);
    if (!q)
        return FALSE;
    sqlite3_bind_int64(q, 1, after_id);
    sqlite3_bind_int(q, 2, limit);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (!cb(sqlite3_column_int64(q, 0), (const char *)sqlite3_column_text(q, 1), user)) {
            rc = SQLITE_DONE;
            break;
        }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? TRUE : sq_fail(st, err, "reading events to index");
}

typedef struct {
    sqlite3_stmt *find, *add;
    GHashTable *ids; /* stem -> term id (GUINT_TO_POINTER), for this batch */
} term_ids;

static guint32 term_id(pl_store *st, term_ids *t, const pl_keyword_count *k, GError **err)
{
    gpointer hit = g_hash_table_lookup(t->ids, k->stem);
    if (hit)
        return GPOINTER_TO_UINT(hit);
    guint32 id = 0;
    sqlite3_reset(t->find);
    sq_bind_text(t->find, 1, k->stem);
    if (sqlite3_step(t->find) == SQLITE_ROW) {
        id = (guint32)sqlite3_column_int64(t->find, 0);
    } else {
        sqlite3_reset(t->add);
        sq_bind_text(t->add, 1, k->stem);
        sq_bind_text(t->add, 2, k->word ? k->word : k->stem);
        if (!sq_step_done(st, t->add, err, "adding a stem"))
            return 0;
        id = (guint32)sqlite3_last_insert_rowid(DB(st));
    }
    g_assert(id > 0);
    g_hash_table_insert(t->ids, g_strdup(k->stem), GUINT_TO_POINTER(id));
    return id;
}

gboolean sq_keyword_put(pl_store *st, const pl_event_keywords *evs, guint n, guint *added,
                        GError **err)
{
    *added = 0;
    term_ids t = {prep(st, "SELECT id FROM term WHERE stem = ?", err),
                  prep(st, "INSERT INTO term(stem, word) VALUES (?, ?)", err),
                  g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
    /* The event's own columns are copied as they are now; the trigger of
     * 008-brief.sql keeps them in step from here on. */
    sqlite3_stmt *ins =
        prep(st,
             "INSERT OR IGNORE INTO brief_event(conv_id, ts, event_id, channel, direction, flags,"
             " words, author_id, first_person, second_person, terms)"
             " SELECT coalesce(e.conv_id, 0), e.ts, e.id, e.channel, e.direction, e.flags, e.words,"
             " (SELECT a.identity_id FROM participant a WHERE a.event_id = e.id AND a.role = 0"
             "   ORDER BY a.identity_id LIMIT 1), ?2, ?3, ?4 FROM event e WHERE e.id = ?1",
             err);
    sqlite3_stmt *member = prep(st,
                                "INSERT OR IGNORE INTO brief_member(identity_id, conv_id)"
                                " SELECT p.identity_id, coalesce(e.conv_id, 0) FROM participant p"
                                " JOIN event e ON e.id = p.event_id WHERE p.event_id = ?",
                                err);
    sqlite3_stmt *df = prep(st, "UPDATE term SET df = df + ? WHERE id = ?", err);
    gboolean ok = t.find && t.add && ins && member && df;
    GHashTable *delta = g_hash_table_new(g_direct_hash, g_direct_equal); /* id -> events */
    GArray *pairs = g_array_new(FALSE, FALSE, sizeof(id_count));
    GByteArray *blob = g_byte_array_new();
    for (guint i = 0; ok && i < n; i++) {
        const pl_event_keywords *e = &evs[i];
        g_array_set_size(pairs, 0);
        for (guint k = 0; ok && k < e->n_keywords; k++) {
            id_count p = {term_id(st, &t, &e->keywords[k], err), e->keywords[k].count};
            ok = p.id != 0;
            g_array_append_val(pairs, p);
        }
        if (!ok)
            break;
        g_array_sort(pairs, by_id);
        g_byte_array_set_size(blob, 0);
        guint32 prev = 0;
        for (guint k = 0; k < pairs->len; k++) {
            id_count *p = &g_array_index(pairs, id_count, k);
            g_assert(k == 0 || p->id > prev); /* stems of one event are distinct */
            put_varint(blob, p->id - prev);
            put_varint(blob, p->count);
            prev = p->id;
        }
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, e->event_id);
        sqlite3_bind_int(ins, 2, (int)e->first_person);
        sqlite3_bind_int(ins, 3, (int)e->second_person);
        if (blob->len)
            sqlite3_bind_blob(ins, 4, blob->data, (int)blob->len, SQLITE_STATIC);
        else
            sqlite3_bind_null(ins, 4);
        ok = sq_step_done(st, ins, err, "indexing keywords");
        if (!ok || sqlite3_changes(DB(st)) != 1)
            continue; /* there before: its stems are counted already */
        sqlite3_reset(member);
        sqlite3_bind_int64(member, 1, e->event_id);
        ok = sq_step_done(st, member, err, "recording who took part");
        for (guint k = 0; k < pairs->len; k++) {
            gpointer key = GUINT_TO_POINTER(g_array_index(pairs, id_count, k).id);
            guint n_ev = GPOINTER_TO_UINT(g_hash_table_lookup(delta, key));
            g_hash_table_insert(delta, key, GUINT_TO_POINTER(n_ev + 1));
        }
        *added += pairs->len > 0;
    }
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, delta);
    while (ok && g_hash_table_iter_next(&it, &k, &v)) {
        sqlite3_reset(df);
        sqlite3_bind_int64(df, 1, GPOINTER_TO_UINT(v));
        sqlite3_bind_int64(df, 2, GPOINTER_TO_UINT(k));
        ok = sq_step_done(st, df, err, "counting stems");
    }
    g_hash_table_destroy(delta);
    g_hash_table_destroy(t.ids);
    g_array_free(pairs, TRUE);
    g_byte_array_free(blob, TRUE);
    sqlite3_finalize(t.find);
    sqlite3_finalize(t.add);
    sqlite3_finalize(ins);
    sqlite3_finalize(member);
    sqlite3_finalize(df);
    return ok;
}

gboolean sq_keyword_reset(pl_store *st, GError **err)
{
    return sq_exec(st, "DELETE FROM brief_event; DELETE FROM brief_member; DELETE FROM term;", err);
}

gboolean sq_term_each(pl_store *st, const guint32 *ids, guint n, pl_term_cb cb, gpointer user,
                      GError **err)
{
    sqlite3_stmt *q = prep(st, "SELECT stem, word, df FROM term WHERE id = ?", err);
    if (!q)
        return FALSE;
    gboolean go = TRUE;
    for (guint i = 0; go && i < n; i++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, ids[i]);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            pl_term_info t = {ids[i], (const char *)sqlite3_column_text(q, 0),
                              (const char *)sqlite3_column_text(q, 1), sqlite3_column_int64(q, 2)};
            go = cb(&t, user);
        } else if (rc != SQLITE_DONE) {
            sqlite3_finalize(q);
            return sq_fail(st, err, "reading stems");
        }
    }
    sqlite3_finalize(q);
    return TRUE;
}

guint32 sq_term_max_id(pl_store *st)
{
    gint64 v = sq_scalar(st, "SELECT coalesce(max(id), 0) FROM term");
    return v > 0 ? (guint32)v : 0;
}

/* --------------------------------------------------------------- briefs */

static int cmp_i64(const void *a, const void *b)
{
    gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
    return x < y ? -1 : x > y;
}

/* The conversations the identities took part in, ascending. */
static GArray *brief_convs(pl_store *st, const gint64 *ids, guint n, GError **err)
{
    sqlite3_stmt *q = prep(st, "SELECT conv_id FROM brief_member WHERE identity_id = ?", err);
    if (!q)
        return NULL;
    GArray *convs = g_array_new(FALSE, FALSE, sizeof(gint64));
    int rc = SQLITE_DONE;
    for (guint i = 0; rc == SQLITE_DONE && i < n; i++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, ids[i]);
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            gint64 c = sqlite3_column_int64(q, 0);
            g_array_append_val(convs, c);
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        g_array_free(convs, TRUE);
        sq_fail(st, err, "finding a contact's conversations");
        return NULL;
    }
    /* Sorted and unique: each conversation is read once, in a stable order. */
    if (n > 1)
        g_array_sort(convs, cmp_i64);
    guint w = 0;
    for (guint i = 0; i < convs->len; i++)
        if (w == 0 || g_array_index(convs, gint64, i) != g_array_index(convs, gint64, w - 1))
            g_array_index(convs, gint64, w++) = g_array_index(convs, gint64, i);
    g_array_set_size(convs, w);
    return convs;
}

gboolean sq_brief_each(pl_store *st, const gint64 *identity_ids, guint n, gint64 since,
                       gint64 until, pl_brief_row_cb cb, gpointer user, GError **err)
{
    if (until <= 0)
        until = G_MAXINT64;
    GArray *convs = brief_convs(st, identity_ids, n, err);
    if (!convs)
        return FALSE;
    sqlite3_stmt *q = prep(st,
                           "SELECT event_id, ts, channel, direction, flags, words, author_id,"
                           " first_person, second_person, terms FROM brief_event"
                           " WHERE conv_id = ? AND ts >= ? AND ts < ?",
                           err);
    GArray *tids = g_array_new(FALSE, FALSE, sizeof(guint32));
    GArray *tcounts = g_array_new(FALSE, FALSE, sizeof(guint32));
    gboolean ok = q != NULL, go = TRUE;
    for (guint i = 0; ok && go && i < convs->len; i++) {
        gint64 conv = g_array_index(convs, gint64, i);
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, conv);
        sqlite3_bind_int64(q, 2, since);
        sqlite3_bind_int64(q, 3, until);
        int rc = SQLITE_DONE;
        while (go && (rc = sqlite3_step(q)) == SQLITE_ROW) {
            const guint8 *p = sqlite3_column_blob(q, 9);
            int bytes = sqlite3_column_bytes(q, 9);
            const guint8 *end = p + bytes;
            /* A pair takes two bytes at least: bytes / 2 bounds the count. */
            if ((guint)bytes / 2 > tids->len) {
                g_array_set_size(tids, bytes / 2);
                g_array_set_size(tcounts, bytes / 2);
            }
            guint32 *ids = (guint32 *)(void *)tids->data,
                    *counts = (guint32 *)(void *)tcounts->data;
            guint32 id = 0, delta, count, nt = 0;
            while (p && p < end) {
                if (!get_varint(&p, end, &delta) || !get_varint(&p, end, &count) || !delta) {
                    g_set_error(err, PARLEY_ERROR, PL_ERR_STORE,
                                "%s: keyword index row of event %" G_GINT64_FORMAT
                                " is damaged; delete meta keywords-fingerprint to rebuild it",
                                st->spec, (gint64)sqlite3_column_int64(q, 0));
                    ok = FALSE;
                    break;
                }
                id += delta;
                g_assert(nt < tids->len);
                ids[nt] = id;
                counts[nt++] = count;
            }
            if (!ok)
                break;
            pl_brief_row r = {
                .conv_id = conv,
                .event_id = sqlite3_column_int64(q, 0),
                .ts = sqlite3_column_int64(q, 1),
                .channel = sqlite3_column_int(q, 2),
                .direction = sqlite3_column_int(q, 3),
                .flags = (guint)sqlite3_column_int(q, 4),
                .words = (guint)sqlite3_column_int(q, 5),
                .author_id = sqlite3_column_int64(q, 6),
                .first_person = (guint)sqlite3_column_int(q, 7),
                .second_person = (guint)sqlite3_column_int(q, 8),
                .term_ids = ids,
                .term_counts = counts,
                .n_terms = nt,
            };
            go = cb(&r, user);
        }
        if (ok && go && rc != SQLITE_DONE)
            ok = sq_fail(st, err, "reading a contact's conversations");
    }
    sqlite3_finalize(q);
    g_array_free(tids, TRUE);
    g_array_free(tcounts, TRUE);
    g_array_free(convs, TRUE);
    return ok;
}

gboolean sq_identity_names(pl_store *st, const gint64 *ids, guint n, pl_identity_name_cb cb,
                           gpointer user, GError **err)
{
    sqlite3_stmt *q = prep(st,
                           "SELECT i.value, i.name, p.name FROM identity i"
                           " LEFT JOIN person p ON p.id = i.person_id WHERE i.id = ?",
                           err);
    if (!q)
        return FALSE;
    gboolean go = TRUE;
    for (guint i = 0; go && i < n; i++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, ids[i]);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW)
            go = cb(ids[i], (const char *)sqlite3_column_text(q, 0),
                    (const char *)sqlite3_column_text(q, 1),
                    (const char *)sqlite3_column_text(q, 2), user);
        else if (rc != SQLITE_DONE) {
            sqlite3_finalize(q);
            return sq_fail(st, err, "reading identities");
        }
    }
    sqlite3_finalize(q);
    return TRUE;
}
