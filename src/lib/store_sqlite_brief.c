/* store_sqlite_brief.c — the SQLite side of `parley brief`: the brief
 * table with its keyword index (brief_event and term,
 * sql/sqlite/006-brief.sql) and the one scan a brief makes over the
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

/* ------------------------------------------------------- blob encoding */

static void put_varint(GByteArray *b, guint64 v)
{
    while (v >= 0x80) {
        guint8 c = (guint8)(v | 0x80);
        g_byte_array_append(b, &c, 1);
        v >>= 7;
    }
    guint8 c = (guint8)v;
    g_byte_array_append(b, &c, 1);
}

/* FALSE when the bytes end inside a number or it does not fit 64 bits. */
static gboolean get_varint(const guint8 **p, const guint8 *end, guint64 *out)
{
    guint64 v = 0;
    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        guint8 c = *(*p)++;
        v |= (guint64)(c & 0x7f) << shift;
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
    sqlite3_stmt *q = sq_prepare(st,
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
    term_ids t = {sq_prepare(st, "SELECT id FROM term WHERE stem = ?", err),
                  sq_prepare(st, "INSERT INTO term(stem, word) VALUES (?, ?)", err),
                  g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
    /* The event's own columns are copied as they are now; the trigger of
     * 006-brief.sql keeps them in step from here on. */
    sqlite3_stmt *ins = sq_prepare(
        st,
        "INSERT OR IGNORE INTO brief_event(conv_id, ts, event_id, bits, text)"
        " SELECT coalesce(e.conv_id, 0), e.ts, e.id, e.channel | (e.direction << 4)"
        " | ((e.flags & 16777215) << 8) | (e.words << 32), ?2 FROM event e WHERE e.id = ?1",
        err);
    sqlite3_stmt *author =
        sq_prepare(st,
                   "SELECT identity_id FROM participant WHERE event_id = ? AND role = 0"
                   " ORDER BY identity_id LIMIT 1",
                   err);
    sqlite3_stmt *member =
        sq_prepare(st,
                   "INSERT OR IGNORE INTO brief_member(identity_id, conv_id)"
                   " SELECT p.identity_id, coalesce(e.conv_id, 0) FROM participant p"
                   " JOIN event e ON e.id = p.event_id WHERE p.event_id = ?1"
                   " UNION ALL " SQ_EVENT_ROOM("?1"),
                   err);
    sqlite3_stmt *df = sq_prepare(st, "UPDATE term SET df = df + ? WHERE id = ?", err);
    gboolean ok = t.find && t.add && ins && author && member && df;
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
        /* One author per event: the lowest identity of role from (an event
         * with two From addresses is rare and either would do). */
        sqlite3_reset(author);
        sqlite3_bind_int64(author, 1, e->event_id);
        int rc = sqlite3_step(author);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            ok = sq_fail(st, err, "finding an author");
            break;
        }
        g_byte_array_set_size(blob, 0);
        put_varint(blob, rc == SQLITE_ROW ? (guint64)sqlite3_column_int64(author, 0) : 0);
        put_varint(blob, e->first_person);
        put_varint(blob, e->second_person);
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
        sqlite3_bind_blob(ins, 2, blob->data, (int)blob->len, SQLITE_STATIC);
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
    sqlite3_finalize(author);
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
    sqlite3_stmt *q = sq_prepare(st, "SELECT stem, word, df FROM term WHERE id = ?", err);
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
    sqlite3_stmt *q = sq_prepare(st, "SELECT conv_id FROM brief_member WHERE identity_id = ?", err);
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
    /* Hundreds of scattered pages (conversations, then items and their
     * events): through mmap, a page fault each instead of a read() each. */
    if (!sq_exec(st, "PRAGMA mmap_size=1073741824", err))
        return FALSE;
    GArray *convs = brief_convs(st, identity_ids, n, err);
    if (!convs)
        return FALSE;
    /* One statement over all conversations (a JSON array of their ids)
     * rather than one per conversation; CROSS JOIN keeps the array as the
     * outer loop, so rows come conversation by conversation in the order of
     * the array and, within one, in primary-key order (time, event). */
    GString *ids = g_string_new("[");
    for (guint i = 0; i < convs->len; i++)
        g_string_append_printf(ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                               g_array_index(convs, gint64, i));
    g_string_append_c(ids, ']');
    gboolean ranged = since > 0 || until > 0;
    sqlite3_stmt *q = sq_prepare(st,
                                 ranged ? "SELECT b.conv_id, b.ts, b.event_id, b.bits, b.text"
                                          " FROM json_each(?1) c CROSS JOIN brief_event b"
                                          " ON b.conv_id = c.value AND b.ts >= ?2 AND b.ts < ?3"
                                        : "SELECT b.conv_id, b.ts, b.event_id, b.bits, b.text"
                                          " FROM json_each(?1) c CROSS JOIN brief_event b"
                                          " ON b.conv_id = c.value",
                                 err);
    if (q) {
        sqlite3_bind_text(q, 1, ids->str, (int)ids->len, SQLITE_STATIC);
        if (ranged) {
            sqlite3_bind_int64(q, 2, since);
            sqlite3_bind_int64(q, 3, until > 0 ? until : G_MAXINT64);
        }
    }
    GArray *tids = g_array_new(FALSE, FALSE, sizeof(guint32));
    GArray *tcounts = g_array_new(FALSE, FALSE, sizeof(guint32));
    gboolean ok = q != NULL, go = TRUE;
    gint64 prev_conv = G_MININT64, prev_ts = G_MININT64;
    int rc = SQLITE_DONE;
    while (ok && go && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        gint64 conv = sqlite3_column_int64(q, 0), ts = sqlite3_column_int64(q, 1);
        if (conv < prev_conv || (conv == prev_conv && ts < prev_ts)) {
            /* Every caller counts on this order: never hand out another. */
            g_set_error(err, PARLEY_ERROR, PL_ERR_STORE,
                        "%s: SQLite returned a contact's events out of order", st->spec);
            ok = FALSE;
            break;
        }
        prev_conv = conv;
        prev_ts = ts;
        gint64 bits = sqlite3_column_int64(q, 3);
        const guint8 *p = sqlite3_column_blob(q, 4);
        int bytes = sqlite3_column_bytes(q, 4);
        const guint8 *end = p + bytes;
        /* A pair takes two bytes at least: bytes / 2 bounds the count. */
        if ((guint)bytes / 2 > tids->len) {
            g_array_set_size(tids, bytes / 2);
            g_array_set_size(tcounts, bytes / 2);
        }
        guint32 *tid = (guint32 *)(void *)tids->data, *tcount = (guint32 *)(void *)tcounts->data;
        guint64 author = 0, first = 0, second = 0, delta = 0, count = 0;
        guint32 id = 0, nt = 0;
        ok = p && get_varint(&p, end, &author) && get_varint(&p, end, &first) &&
             get_varint(&p, end, &second);
        while (ok && p < end) {
            ok = get_varint(&p, end, &delta) && get_varint(&p, end, &count) && delta &&
                 delta <= G_MAXUINT32 - id && count <= G_MAXUINT32;
            if (!ok)
                break;
            id += (guint32)delta;
            g_assert(nt < tids->len);
            tid[nt] = id;
            tcount[nt++] = (guint32)count;
        }
        if (!ok) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_STORE,
                        "%s: the brief row of event %" G_GINT64_FORMAT
                        " is damaged; delete meta keywords-fingerprint to rebuild it",
                        st->spec, (gint64)sqlite3_column_int64(q, 2));
            break;
        }
        pl_brief_row r = {
            .conv_id = conv,
            .event_id = sqlite3_column_int64(q, 2),
            .ts = ts,
            .channel = (int)(bits & 15),
            .direction = (int)((bits >> 4) & 15),
            .flags = (guint)((bits >> 8) & 0xffffff),
            .words = (guint)(bits >> 32),
            .author_id = (gint64)author,
            .first_person = (guint)first,
            .second_person = (guint)second,
            .term_ids = tid,
            .term_counts = tcount,
            .n_terms = nt,
        };
        go = cb(&r, user);
    }
    if (ok && go && rc != SQLITE_DONE)
        ok = sq_fail(st, err, "reading a contact's conversations");
    sqlite3_finalize(q);
    g_array_free(tids, TRUE);
    g_array_free(tcounts, TRUE);
    g_array_free(convs, TRUE);
    g_string_free(ids, TRUE);
    return ok;
}

gboolean sq_identity_names(pl_store *st, const gint64 *ids, guint n, pl_identity_name_cb cb,
                           gpointer user, GError **err)
{
    sqlite3_stmt *q = sq_prepare(st,
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
