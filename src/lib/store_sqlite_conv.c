/* store_sqlite_conv.c — the SQLite backend's side of threading, conversation
 * aggregates, the report scans, stats and search. Split from store_sqlite.c
 * (lifecycle, events, identities, contacts) to keep both readable; they share
 * store_sqlite_int.h. */
#include "store_sqlite_int.h"
#include "store_sqlite_text.h"

#include <string.h>

/* The one-row UPDATEs of an event say OR FAIL: with the brief's trigger
 * (006, 013) an UPDATE writes several tables, and under the default ABORT
 * SQLite keeps a statement journal for it (a copy of every page it touches,
 * 16 KiB each), to undo a half-done statement. One row has no half to keep:
 * half the instructions (36,000 -> 18,000 an UPDATE). */
gboolean sq_event_set_conv(pl_store *st, gint64 event_id, gint64 conv_id, GError **err)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_EVENT_CONV, "UPDATE OR FAIL event SET conv_id = ? WHERE id = ?");
    sqlite3_bind_int64(q, 1, conv_id);
    sqlite3_bind_int64(q, 2, event_id);
    return sq_step_done(st, q, err, "threading event") && sq_conv_touched(st, conv_id, err);
}

gboolean sq_conv_touched(pl_store *st, gint64 conv_id, GError **err)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_CONV_DIRTY, "UPDATE conversation SET dirty = 1 WHERE id = ? AND dirty = 0");
    sqlite3_bind_int64(q, 1, conv_id);
    return sq_step_done(st, q, err, "marking conversation");
}

gboolean sq_stats(pl_store *st, pl_store_stats *o, GError **err)
{
    memset(o, 0, sizeof *o);
    o->events = sq_scalar(st, "SELECT count(*) FROM event");
    o->conversations = sq_scalar(st, "SELECT count(*) FROM conversation");
    o->identities = sq_scalar(st, "SELECT count(*) FROM identity");
    o->people = sq_scalar(st, "SELECT count(*) FROM person");
    o->orgs = sq_scalar(st, "SELECT count(*) FROM org");
    o->sources = sq_scalar(st, "SELECT count(*) FROM source");
    o->files = sq_scalar(st, "SELECT count(*) FROM file_seen");
    o->first_ts = sq_scalar(st, "SELECT coalesce(min(ts), 0) FROM event");
    o->last_ts = sq_scalar(st, "SELECT coalesce(max(ts), 0) FROM event");
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st),
                           "SELECT channel, direction, flags, count(*) FROM event "
                           "GROUP BY 1, 2, 3",
                           -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "counting events");
    while (sqlite3_step(q) == SQLITE_ROW) {
        int ch = sqlite3_column_int(q, 0), dir = sqlite3_column_int(q, 1);
        guint flags = (guint)sqlite3_column_int(q, 2);
        gint64 n = sqlite3_column_int64(q, 3);
        if ((unsigned)ch < PL_CH__COUNT)
            o->by_channel[ch] += n;
        if ((unsigned)dir < 4)
            o->by_direction[dir] += n;
        for (int b = 0; b < 16; b++)
            if (flags & (1u << b))
                o->flag_counts[b] += n;
    }
    sqlite3_finalize(q);
    return TRUE;
}

gboolean sq_search(pl_store *st, const char *query, int limit, pl_search_cb cb, gpointer user,
                   GError **err)
{
    sqlite_store *s = (sqlite_store *)st;
    /* Bring the index up to date first: an interrupted ingest may have left
     * events it has not seen. */
    if (text_indexer_upto(st->spec) < sq_scalar(st, "SELECT coalesce(max(id), 0) FROM event")) {
        if (!sq_text_start(st, err) || !text_indexer_finish(s->text, err)) {
            s->text = NULL;
            return FALSE;
        }
        s->text = NULL;
    }
    if (!s->attached) {
        char *path = text_index_path(st->spec);
        char *sql = sqlite3_mprintf("ATTACH DATABASE %Q AS text", path);
        gboolean ok = sq_exec(st, sql, err);
        sqlite3_free(sql);
        g_free(path);
        if (!ok)
            return FALSE;
        s->attached = TRUE;
    }
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st),
                           "SELECT e.id, e.ts, e.conv_id, e.channel, e.subject, "
                           " (SELECT i.value FROM participant p JOIN identity i "
                           "   ON i.id = p.identity_id WHERE p.event_id = e.id AND p.role = 0) "
                           "FROM text.event_fts f JOIN event e ON e.id = f.rowid "
                           "WHERE event_fts MATCH ? ORDER BY e.ts DESC, e.id DESC LIMIT ?",
                           -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "searching");
    sq_bind_text(q, 1, query);
    sqlite3_bind_int(q, 2, limit > 0 ? limit : -1);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_search_hit h = {sqlite3_column_int64(q, 0),
                           sqlite3_column_int64(q, 1),
                           sqlite3_column_int64(q, 2),
                           sqlite3_column_int(q, 3),
                           (const char *)sqlite3_column_text(q, 4),
                           (const char *)sqlite3_column_text(q, 5)};
        if (!cb(&h, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    if (!ok)
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "search \"%s\": %s", query,
                    sqlite3_errmsg(DB(st)));
    sqlite3_finalize(q);
    return ok;
}

/* ------------------------------------------------------------- threading */

gboolean sq_node_get(pl_store *st, const char *msgid, pl_node *out)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_NODE_GET, "SELECT parent, conv_id, has_event FROM mail_node WHERE msgid = ?");
    sq_bind_text(q, 1, msgid);
    if (sqlite3_step(q) != SQLITE_ROW)
        return FALSE;
    out->msgid = g_strdup(msgid);
    out->parent = g_strdup((const char *)sqlite3_column_text(q, 0));
    out->conv_id = sqlite3_column_int64(q, 1);
    out->has_event = sqlite3_column_int(q, 2);
    return TRUE;
}

gboolean sq_node_put(pl_store *st, const pl_node *n, GError **err)
{
    sqlite3_stmt *q = sq_stmt(st, S_NODE_PUT,
                              "INSERT OR REPLACE INTO mail_node(msgid, parent, conv_id, has_event) "
                              "VALUES (?, ?, ?, ?)");
    sq_bind_text(q, 1, n->msgid);
    sq_bind_text(q, 2, n->parent);
    sqlite3_bind_int64(q, 3, n->conv_id);
    sqlite3_bind_int(q, 4, n->has_event);
    return sq_step_done(st, q, err, "threading");
}

gint64 sq_conv_new(pl_store *st, int channel, const char *subject_norm, gint64 ts, GError **err)
{
    sqlite3_stmt *q = sq_stmt(st, S_CONV_NEW,
                              "INSERT INTO conversation(channel, subject_norm, first_ts, last_ts) "
                              "VALUES (?, ?, ?, ?)");
    sqlite3_bind_int(q, 1, channel);
    sq_bind_text(q, 2, subject_norm);
    sqlite3_bind_int64(q, 3, ts);
    sqlite3_bind_int64(q, 4, ts);
    if (!sq_step_done(st, q, err, "adding conversation"))
        return 0;
    return sqlite3_last_insert_rowid(DB(st));
}

gboolean sq_conv_merge(pl_store *st, gint64 from, gint64 into, GError **err)
{
    g_assert(from != into);
    char *sql = g_strdup_printf(
        "UPDATE mail_node SET conv_id = %1$" G_GINT64_FORMAT " WHERE conv_id = %2$" G_GINT64_FORMAT
        ";"
        "UPDATE event SET conv_id = %1$" G_GINT64_FORMAT " WHERE conv_id = %2$" G_GINT64_FORMAT ";"
        "DELETE FROM conv_touch WHERE conv_id = %2$" G_GINT64_FORMAT ";"
        "DELETE FROM conversation WHERE id = %2$" G_GINT64_FORMAT ";"
        "UPDATE conversation SET dirty = 1 WHERE id = %1$" G_GINT64_FORMAT ";",
        into, from);
    gboolean ok = sq_exec(st, sql, err);
    g_free(sql);
    return ok;
}

gint64 sq_conv_by_subject(pl_store *st, const char *subject_norm, gint64 since, gint64 until,
                          const gint64 *identity_ids, guint n)
{
    /* A shared identity (other than a mailing list, which everyone shares
     * only when the list is the thread's home) guards against fusing two
     * threads that merely share a subject line. The time of a candidate's
     * newest event is read from its events, not from conversation.last_ts:
     * that aggregate is only brought up to date by a refresh, and a refresh
     * in the middle of an ingest (an interrupted one, resumed) must not
     * thread differently from one run. */
    sqlite3_stmt *q =
        sq_stmt(st, S_CONV_SUBJECT,
                "SELECT k.cid FROM (SELECT c.id AS cid, (SELECT max(e.ts) FROM event e"
                "   WHERE e.conv_id = c.id) AS newest"
                "  FROM conversation c WHERE c.subject_norm = ?1) k "
                "WHERE k.newest BETWEEN ?2 AND ?3 "
                "AND EXISTS (SELECT 1 FROM event e JOIN participant p ON p.event_id = e.id "
                "  WHERE e.conv_id = k.cid AND p.identity_id IN "
                "  (SELECT value FROM json_each(?4))) "
                "ORDER BY k.newest DESC, k.cid DESC LIMIT 1");
    /* The identities as a JSON array: one statement whatever their number. */
    GString *ids = g_string_new("[");
    for (guint i = 0; i < n; i++)
        g_string_append_printf(ids, "%s%" G_GINT64_FORMAT, i ? "," : "", identity_ids[i]);
    g_string_append_c(ids, ']');
    sq_bind_text(q, 1, subject_norm);
    sqlite3_bind_int64(q, 2, since);
    sqlite3_bind_int64(q, 3, until);
    sqlite3_bind_text(q, 4, ids->str, (int)ids->len, SQLITE_TRANSIENT);
    gint64 conv = sq_step_int64(q);
    g_string_free(ids, TRUE);
    return conv;
}

gint64 sq_count_conversations(pl_store *st)
{
    return sq_scalar(st, "SELECT count(*) FROM conversation");
}

/* -------------------------------------------------- conversation aggregates */

gboolean sq_conv_mark_dirty_all(pl_store *st, GError **err)
{
    /* WHERE: the rows already dirty (all of a first import) are not rewritten. */
    return sq_exec(st, "UPDATE conversation SET dirty = 1 WHERE dirty = 0", err) &&
           sq_contact_mark_all(st, err);
}

/* The other identities of the people of matching identities: a number
 * classifies by its person's first address (classify.c). */
#define MATCHING_PEOPLE                                                                            \
    "INSERT OR IGNORE INTO temp.matching(id, contact)"                                             \
    " SELECT o.id, o.person_id FROM temp.matching m JOIN identity i ON i.id = m.id"                \
    " JOIN identity o ON o.person_id = i.person_id;"
/* Then the conversations of the matching identities (as participants or as
 * their rooms) go to the refresh, and their contacts to the summaries. */
#define MARK_MATCHING                                                                              \
    MATCHING_PEOPLE                                                                                \
    "UPDATE conversation SET dirty = 1 WHERE id IN ("                                              \
    " SELECT e.conv_id FROM temp.matching m JOIN participant p ON p.identity_id = m.id"            \
    " JOIN event e ON e.id = p.event_id"                                                           \
    " UNION ALL " SQ_ROOM_CONVS(                                                                   \
        "SELECT id FROM temp.matching") ");"                                                       \
                                        "INSERT OR IGNORE INTO contact_dirty(id) SELECT contact "  \
                                        "FROM temp.matching;"

/* The matching identities are found once (a scan: LIKE on a suffix uses no
 * index) and kept in a temporary table for both marks: their conversations
 * and their contacts, those without any conversation too. */
gboolean sq_conv_mark_dirty_matching(pl_store *st, const char *pattern, GError **err)
{
    if (!sq_exec(st,
                 "CREATE TEMP TABLE IF NOT EXISTS matching(id INTEGER PRIMARY KEY,"
                 " contact INTEGER NOT NULL); DELETE FROM temp.matching;",
                 err))
        return FALSE;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st),
                           "INSERT INTO temp.matching(id, contact)"
                           " SELECT id, coalesce(person_id, -id) FROM identity"
                           " WHERE value = ?1 OR value LIKE '%@' || ?1 OR value LIKE '%.' || ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "marking conversations");
    sq_bind_text(q, 1, pattern);
    gboolean ok = sq_step_done(st, q, err, "marking conversations");
    sqlite3_finalize(q);
    return ok && sq_exec(st, MARK_MATCHING, err);
}

/* Every identity at a recorded domain or below it, found in one pass over
 * identities whatever the number of domains (the same matches as
 * conv_mark_dirty_matching's LIKE on a domain): an address's domain and each
 * of its parents are looked up among the recorded ones. */
gboolean sq_marks_flush(pl_store *st, GError **err)
{
    if (sq_scalar(st, "SELECT EXISTS (SELECT 1 FROM pending_domain)") != 1)
        return TRUE;
    GHashTable *domains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    sqlite3_stmt *q = NULL, *add = NULL;
    gboolean ok =
        sq_exec(st,
                "CREATE TEMP TABLE IF NOT EXISTS matching(id INTEGER PRIMARY KEY,"
                " contact INTEGER NOT NULL); DELETE FROM temp.matching;",
                err) &&
        sqlite3_prepare_v2(DB(st), "SELECT domain FROM pending_domain", -1, &q, NULL) == SQLITE_OK;
    while (ok && sqlite3_step(q) == SQLITE_ROW)
        g_hash_table_add(domains, g_strdup((const char *)sqlite3_column_text(q, 0)));
    sqlite3_finalize(q);
    q = NULL;
    ok =
        ok &&
        sqlite3_prepare_v2(DB(st),
                           "SELECT id, coalesce(person_id, -id), value FROM identity"
                           " WHERE kind = 0",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(DB(st), "INSERT OR IGNORE INTO temp.matching(id, contact) VALUES (?, ?)",
                           -1, &add, NULL) == SQLITE_OK;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(q, 2);
        const char *d = v ? strchr(v, '@') : NULL;
        gboolean hit = FALSE;
        for (const char *p = d ? d + 1 : NULL; p && !hit; p = strchr(p, '.'), p = p ? p + 1 : NULL)
            hit = g_hash_table_contains(domains, p);
        if (!hit)
            continue;
        sqlite3_reset(add);
        sqlite3_bind_int64(add, 1, sqlite3_column_int64(q, 0));
        sqlite3_bind_int64(add, 2, sqlite3_column_int64(q, 1));
        ok = sq_step_done(st, add, err, "marking conversations");
    }
    ok = ok && (rc == SQLITE_DONE || rc == SQLITE_ROW);
    sqlite3_finalize(q);
    sqlite3_finalize(add);
    g_hash_table_destroy(domains);
    if (!ok)
        return err && *err ? FALSE : sq_fail(st, err, "marking conversations");
    return sq_exec(st, MARK_MATCHING "DELETE FROM pending_domain;", err);
}

gboolean sq_conv_drop_empty(pl_store *st, GError **err)
{
    return sq_exec(
        st,
        "DELETE FROM conv_touch WHERE conv_id IN (SELECT id FROM conversation c"
        " WHERE dirty = 1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.conv_id = c.id));"
        "DELETE FROM conversation WHERE dirty = 1 AND NOT EXISTS "
        "(SELECT 1 FROM event e WHERE e.conv_id = conversation.id)",
        err);
}

gboolean sq_event_set_direction(pl_store *st, gint64 event_id, int direction, GError **err)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_EVENT_DIRECTION, "UPDATE OR FAIL event SET direction = ? WHERE id = ?");
    sqlite3_bind_int(q, 1, direction);
    sqlite3_bind_int64(q, 2, event_id);
    return sq_step_done(st, q, err, "updating direction");
}

/* The identity columns of a refresh row, from column `at` on: value, kind,
 * is_list, its category, its person's and organisation's, its id, person
 * and organisation ids, whether the person is named, the person's address,
 * the identity's name. */
#define ROW_IDENTITY_COLS(I)                                                                       \
    I ".value, " I ".kind, " I ".is_list, " I ".category, pe.category, o.category, " I ".id, " I   \
      ".person_id, pe.org_id, pe.name IS NOT NULL, " SQ_PERSON_ADDRESS(I) ", " I ".name "

static void read_identity(sqlite3_stmt *q, int at, pl_conv_row *r)
{
    r->identity = (const char *)sqlite3_column_text(q, at);
    r->identity_kind = sqlite3_column_int(q, at + 1);
    r->is_list = sqlite3_column_int(q, at + 2);
    r->identity_category = sq_col_cat(q, at + 3);
    r->person_category = sq_col_cat(q, at + 4);
    r->org_category = sq_col_cat(q, at + 5);
    r->identity_id = sqlite3_column_int64(q, at + 6);
    r->person_id = sqlite3_column_int64(q, at + 7);
    r->org_id = sqlite3_column_int64(q, at + 8);
    r->person_named = sqlite3_column_int(q, at + 9);
    r->person_address = (const char *)sqlite3_column_text(q, at + 10);
    r->identity_name = (const char *)sqlite3_column_text(q, at + 11);
}

/* A chat session's room (migration 013), as the refresh sees it: the last
 * participant of each of the session's events, where participant rows
 * would put it in primary-key order (PL_ROLE_LIST is the highest role). */
typedef struct {
    sqlite3_stmt *q;  /* the room's identity columns */
    gint64 conv_id;   /* whose room q holds; 0 = none read */
    pl_conv_row last; /* the event whose room row is still to come */
    GString *subject; /* ... and its subject */
    gboolean pending;
} room_rows;

static gboolean room_flush(room_rows *m, pl_conv_row_cb cb, gpointer user)
{
    if (!m->pending)
        return TRUE;
    m->pending = FALSE;
    pl_conv_row r = m->last;
    r.subject = m->last.subject ? m->subject->str : NULL;
    r.role = PL_ROLE_LIST;
    read_identity(m->q, 0, &r);
    return cb(&r, user);
}

gboolean sq_conv_rows_dirty(pl_store *st, gint64 after, int limit, pl_conv_row_cb cb, gpointer user,
                            gint64 *upto, GError **err)
{
    sqlite3_stmt *q;
    room_rows m = {.subject = g_string_new(NULL)};
    if (sqlite3_prepare_v2(
            DB(st),
            "SELECT " ROW_IDENTITY_COLS("i") "FROM identity i"
                                             " LEFT JOIN person pe ON pe.id = i.person_id"
                                             " LEFT JOIN org o ON o.id = pe.org_id WHERE i.id = ?",
            -1, &m.q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(
            DB(st),
            "SELECT e.conv_id, e.id, e.ts, e.duration_s, e.channel, e.direction,"
            " e.flags, e.words, e.subject, p.role, e.detect_v, e.detect_n, "
            "c.room_id, " ROW_IDENTITY_COLS("i") "FROM conversation c "
                                                 "JOIN event e ON e.conv_id = c.id "
                                                 "LEFT JOIN participant p ON p.event_id = e.id "
                                                 "LEFT JOIN identity i ON i.id = p.identity_id "
                                                 "LEFT JOIN person pe ON pe.id = i.person_id "
                                                 "LEFT JOIN org o ON o.id = pe.org_id "
                                                 "WHERE c.dirty = 1 AND c.id > ?1 AND c.id <= ?2 "
                                                 "ORDER BY c.id, e.ts, e.id",
            -1, &q, NULL) != SQLITE_OK) {
        sqlite3_finalize(m.q);
        g_string_free(m.subject, TRUE);
        return sq_fail(st, err, "reading conversations");
    }
    /* The chunk as an id range, up to its limit-th dirty conversation: so
     * the rows come in order from conversation_dirty (rowid order) and
     * event_conv (conv_id, ts, rowid), without sorting them all again. */
    char *bound_sql = g_strdup_printf("SELECT coalesce((SELECT id FROM conversation WHERE dirty = 1"
                                      " AND id > %" G_GINT64_FORMAT
                                      " ORDER BY id LIMIT 1 OFFSET %d), %" G_GINT64_FORMAT ")",
                                      after, MAX(limit, 1) - 1, G_MAXINT64);
    gint64 bound = sq_scalar(st, bound_sql);
    g_free(bound_sql);
    if (bound < 0) { /* ids are positive: the query failed */
        sqlite3_finalize(q);
        sqlite3_finalize(m.q);
        g_string_free(m.subject, TRUE);
        return sq_fail(st, err, "reading conversations");
    }
    sqlite3_bind_int64(q, 1, after);
    sqlite3_bind_int64(q, 2, bound);
    *upto = bound;
    int rc;
    gboolean more = TRUE, lost_room = FALSE;
    while (more && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_conv_row r = {
            .conv_id = sqlite3_column_int64(q, 0),
            .event_id = sqlite3_column_int64(q, 1),
            .ts = sqlite3_column_int64(q, 2),
            .duration_s = sqlite3_column_int64(q, 3),
            .channel = sqlite3_column_int(q, 4),
            .direction = sqlite3_column_int(q, 5),
            .flags = (guint)sqlite3_column_int(q, 6),
            .words = (guint)sqlite3_column_int(q, 7),
            .subject = (const char *)sqlite3_column_text(q, 8),
            .role = sqlite3_column_int(q, 9),
            .detect_v = sqlite3_column_int(q, 10),
            .detect_n = sqlite3_column_int(q, 11),
        };
        read_identity(q, 13, &r);
        gint64 room = sqlite3_column_int64(q, 12);
        gboolean new_event = r.event_id != m.last.event_id;
        if (new_event && !(more = room_flush(&m, cb, user)))
            break;
        if (room && new_event) {
            if (m.conv_id != r.conv_id) {
                sqlite3_reset(m.q);
                sqlite3_bind_int64(m.q, 1, room);
                if (sqlite3_step(m.q) != SQLITE_ROW) {
                    lost_room = TRUE;
                    m.last.conv_id = r.conv_id;
                    break;
                }
                m.conv_id = r.conv_id;
            }
            m.pending = TRUE;
            if (r.subject)
                g_string_assign(m.subject, r.subject);
        }
        m.last = r;
        /* An event without participants is one row without an identity,
         * unless its room stands for them. */
        if (r.identity || !room)
            more = cb(&r, user);
    }
    if (more && rc == SQLITE_DONE)
        room_flush(&m, cb, user);
    gboolean ok = !lost_room && (rc == SQLITE_ROW || rc == SQLITE_DONE);
    sqlite3_finalize(q);
    sqlite3_finalize(m.q);
    g_string_free(m.subject, TRUE);
    if (lost_room) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_STORE,
                    "reading conversations: conversation %" G_GINT64_FORMAT
                    " names a room that is no identity",
                    m.last.conv_id);
        return FALSE;
    }
    return ok ? TRUE : sq_fail(st, err, "reading conversations");
}

gboolean sq_conv_save(pl_store *st, const pl_conv_summary *s, GError **err)
{
    sqlite3_stmt *q = sq_stmt(
        st, S_CONV_SAVE,
        "UPDATE conversation SET first_ts=?, last_ts=?, est_seconds=?, duration_s=?, n_events=?, "
        "n_human=?, n_in=?, n_out=?, me=?, automated=?, external=?, category=?, counterpart=?, "
        "subject=?, resp_inbound_first=?, resp_inbound_last=?, resp_automated=?, dirty=0 "
        "WHERE id=?");
    sqlite3_bind_int64(q, 1, s->first_ts);
    sqlite3_bind_int64(q, 2, s->last_ts);
    sqlite3_bind_int64(q, 3, s->est_seconds);
    sqlite3_bind_int64(q, 4, s->duration_s);
    sqlite3_bind_int(q, 5, s->n_events);
    sqlite3_bind_int(q, 6, s->n_human);
    sqlite3_bind_int(q, 7, s->n_in);
    sqlite3_bind_int(q, 8, s->n_out);
    sqlite3_bind_int(q, 9, s->me);
    sqlite3_bind_int(q, 10, s->automated);
    sqlite3_bind_int(q, 11, s->external);
    sqlite3_bind_int(q, 12, s->category);
    sq_bind_text(q, 13, s->counterpart);
    sq_bind_text(q, 14, s->subject);
    sqlite3_bind_int64(q, 15, s->inbound_first_ts);
    sqlite3_bind_int64(q, 16, s->inbound_last_ts);
    sqlite3_bind_int(q, 17, s->n_automated);
    sqlite3_bind_int64(q, 18, s->id);
    return sq_step_done(st, q, err, "saving conversation") && sq_response_save(st, s, err);
}

gboolean sq_conv_each(pl_store *st, const pl_conv_filter *f, pl_conv_info_cb cb, gpointer user,
                      GError **err)
{
    /* Big range scans read through mmap (no read() per page). Only here: an
     * ingest writing a large store would otherwise count every mapped page
     * in its resident size. */
    if (!sq_exec(st, "PRAGMA mmap_size=1073741824", err))
        return FALSE;
    /* Only columns of the conversation_report index (migration 002), so the
     * scan never touches the table. */
    GString *sql = g_string_new(
        "SELECT id, last_ts, est_seconds, duration_s, channel, category, n_events, n_human, "
        "n_in, n_out, me, external, automated, counterpart FROM conversation "
        "INDEXED BY conversation_report WHERE last_ts >= ?1 AND last_ts < ?2 AND n_events > 0");
    if (f->only_me)
        g_string_append(sql, " AND me = 1");
    if (!f->with_automated)
        g_string_append(sql, " AND automated = 0");
    /* Newest first straight from the index: a tie-break on id would sort the
     * whole range in a temporary b-tree. Ties keep the index's order, which
     * is deterministic for the same data. */
    if (f->last_n > 0)
        g_string_append_printf(sql, " ORDER BY last_ts DESC LIMIT %d", f->last_n);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(DB(st), sql->str, -1, &q, NULL);
    g_string_free(sql, TRUE);
    if (rc != SQLITE_OK)
        return sq_fail(st, err, "reading conversations");
    sqlite3_bind_int64(q, 1, f->since ? f->since : G_MININT64);
    sqlite3_bind_int64(q, 2, f->until ? f->until : G_MAXINT64);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_conv_info c = {
            .id = sqlite3_column_int64(q, 0),
            .last_ts = sqlite3_column_int64(q, 1),
            .est_seconds = sqlite3_column_int64(q, 2),
            .duration_s = sqlite3_column_int64(q, 3),
            .channel = sqlite3_column_int(q, 4),
            .category = sqlite3_column_int(q, 5),
            .n_events = sqlite3_column_int(q, 6),
            .n_human = sqlite3_column_int(q, 7),
            .n_in = sqlite3_column_int(q, 8),
            .n_out = sqlite3_column_int(q, 9),
            .me = sqlite3_column_int(q, 10),
            .external = sqlite3_column_int(q, 11),
            .automated = sqlite3_column_int(q, 12),
            .counterpart = (const char *)sqlite3_column_text(q, 13),
        };
        if (!cb(&c, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? TRUE : sq_fail(st, err, "reading conversations");
}
