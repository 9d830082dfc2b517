/* store_sqlite_items.c — the SQLite side of open items, personal facts and
 * the contact lookups behind target resolution (`parley log`, `fact`,
 * `open`, `draft`, `export ics`). Schema: sql/sqlite/004-items.sql (due_has_time:
 * 005).
 *
 * These calls are user-driven and rare next to ingest, so statements are
 * prepared per call rather than cached in the backend's statement slots.
 */
#include <sqlite3.h>
#include <string.h>

#include "store_sqlite_int.h"

static const char *col_text(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

static void bind_id(sqlite3_stmt *q, int i, gint64 v)
{
    if (v > 0)
        sqlite3_bind_int64(q, i, v);
    else
        sqlite3_bind_null(q, i);
}

/* ---------------------------------------------------------------- targets */

#define CONTACT_COLS "SELECT i.id, p.id, o.id, i.kind, i.value, i.name, p.name, o.name, i.is_list "
/* The newest event with the identity: only where rows are ordered by it
 * (it reads every event of each identity). */
#define CONTACT_LAST                                                                               \
    ", (SELECT max(e.ts) FROM participant pa JOIN event e ON e.id = pa.event_id"                   \
    "   WHERE pa.identity_id = i.id) "

static void read_contact(sqlite3_stmt *q, pl_contact_row *c)
{
    memset(c, 0, sizeof *c);
    c->identity_id = sqlite3_column_int64(q, 0);
    c->person_id = sqlite3_column_int64(q, 1);
    c->org_id = sqlite3_column_int64(q, 2);
    c->kind = sqlite3_column_type(q, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(q, 3);
    c->value = col_text(q, 4);
    c->name = col_text(q, 5);
    c->person = col_text(q, 6);
    c->org = col_text(q, 7);
    c->is_list = sqlite3_column_int(q, 8);
}

gint64 sq_identity_last_ts(pl_store *st, gint64 identity_id)
{
    sqlite3_stmt *q = sq_stmt(st, S_IDENT_LAST,
                              "SELECT coalesce(max(e.ts), 0) FROM participant pa"
                              " JOIN event e ON e.id = pa.event_id WHERE pa.identity_id = ?");
    if (!q)
        return 0;
    sqlite3_bind_int64(q, 1, identity_id);
    gint64 v = sq_step_int64(q);
    sqlite3_reset(q);
    return v;
}

static gboolean run_contacts(pl_store *st, sqlite3_stmt *q, pl_contact_cb cb, gpointer user,
                             GError **err)
{
    int rc;
    pl_contact_row c;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        read_contact(q, &c);
        if (!cb(&c, user)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? TRUE : sq_fail(st, err, "looking up contacts");
}

/* Case-insensitive for any script: SQLite's NOCASE and LIKE fold ASCII only,
 * so names are compared here, after folding both sides. */
static int name_match(const char *folded_want, const char *name)
{
    if (!name)
        return 0;
    char *f = g_utf8_casefold(name, -1);
    int m = strcmp(f, folded_want) == 0 ? 2 : strstr(f, folded_want) ? 1 : 0;
    g_free(f);
    return m;
}

static gboolean find_by_name(pl_store *st, const char *name, pl_contact_cb cb, gpointer user,
                             GError **err)
{
    /* People (with each identity, or none), then identities that only have
     * a display name from mail headers. */
    sqlite3_stmt *q = sq_prepare(st,
                                 "SELECT i.id, p.id, o.id, i.kind, i.value, i.name, p.name, o.name,"
                                 " coalesce(i.is_list, 0) "
                                 "FROM person p LEFT JOIN identity i ON i.person_id = p.id"
                                 " LEFT JOIN org o ON o.id = p.org_id WHERE p.name IS NOT NULL "
                                 "UNION ALL " CONTACT_COLS
                                 "FROM identity i LEFT JOIN person p ON 0 LEFT JOIN org o ON 0"
                                 " WHERE i.person_id IS NULL AND i.name IS NOT NULL "
                                 "ORDER BY 2, 1",
                                 err);
    if (!q)
        return FALSE;
    char *want = g_utf8_casefold(name, -1);
    /* Exact matches win; containment only counts when nothing matches exactly.
     * Rows are copied because the strings die with the next step. */
    GArray *rows[3] = {NULL, g_array_new(FALSE, TRUE, sizeof(pl_contact_row)),
                       g_array_new(FALSE, TRUE, sizeof(pl_contact_row))};
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_contact_row c;
        read_contact(q, &c);
        int m = name_match(want, c.person ? c.person : c.name);
        if (!m)
            continue;
        c.value = g_strdup(c.value);
        c.name = g_strdup(c.name);
        c.person = g_strdup(c.person);
        c.org = g_strdup(c.org);
        g_array_append_val(rows[m], c);
    }
    sqlite3_finalize(q);
    g_free(want);
    GArray *use = rows[2]->len ? rows[2] : rows[1];
    gboolean go = TRUE;
    for (guint i = 0; go && i < use->len; i++)
        go = cb(&g_array_index(use, pl_contact_row, i), user);
    for (int m = 1; m <= 2; m++) {
        for (guint i = 0; i < rows[m]->len; i++) {
            pl_contact_row *c = &g_array_index(rows[m], pl_contact_row, i);
            g_free((char *)c->value);
            g_free((char *)c->name);
            g_free((char *)c->person);
            g_free((char *)c->org);
        }
        g_array_free(rows[m], TRUE);
    }
    return rc == SQLITE_DONE ? TRUE : sq_fail(st, err, "looking up names");
}

gboolean sq_contact_find(pl_store *st, const pl_contact_query *cq, pl_contact_cb cb, gpointer user,
                         GError **err)
{
    if (cq->name)
        return find_by_name(st, cq->name, cb, user, err);
    sqlite3_stmt *q = NULL;
    if (cq->value) {
        q = sq_prepare(st,
                       CONTACT_COLS
                       "FROM identity i LEFT JOIN person p ON p.id = i.person_id"
                       " LEFT JOIN org o ON o.id = p.org_id WHERE i.kind = ? AND i.value = ?",
                       err);
        if (q) {
            sqlite3_bind_int(q, 1, cq->kind);
            sq_bind_text(q, 2, cq->value);
        }
    } else if (cq->person_id > 0) {
        q = sq_prepare(st,
                       CONTACT_COLS
                       "FROM identity i JOIN person p ON p.id = i.person_id"
                       " LEFT JOIN org o ON o.id = p.org_id WHERE p.id = ? ORDER BY i.id",
                       err);
        if (q)
            sqlite3_bind_int64(q, 1, cq->person_id);
    } else if (cq->domain) {
        /* Addresses at the domain or below it, the people of an organisation
         * with that domain or name, and such an organisation on its own when
         * it has nobody yet (identity and person columns NULL). */
        q = sq_prepare(st,
                       CONTACT_COLS CONTACT_LAST
                       "FROM identity i LEFT JOIN person p ON p.id = i.person_id"
                       " LEFT JOIN org o ON o.id = p.org_id"
                       " WHERE i.kind = 0 AND (i.value LIKE '%@' || ?1 OR i.value LIKE '%.' || ?1)"
                       "  AND i.is_list = 0 "
                       "UNION " CONTACT_COLS CONTACT_LAST
                       "FROM org o JOIN person p ON p.org_id = o.id"
                       " LEFT JOIN identity i ON i.person_id = p.id"
                       " WHERE lower(o.domain) = ?1 OR o.name = ?1 COLLATE NOCASE "
                       "UNION SELECT NULL, NULL, o.id, NULL, NULL, NULL, NULL, o.name, 0, NULL"
                       " FROM org o WHERE (lower(o.domain) = ?1 OR o.name = ?1 COLLATE NOCASE)"
                       "  AND NOT EXISTS (SELECT 1 FROM person p WHERE p.org_id = o.id) "
                       "ORDER BY 10 DESC, 5",
                       err);
        if (q)
            sq_bind_text(q, 1, cq->domain);
    } else {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "empty contact lookup");
        return FALSE;
    }
    return q && run_contacts(st, q, cb, user, err);
}

gint64 sq_identity_ensure(pl_store *st, int kind, const char *value, const char *name, GError **err)
{
    sqlite3_stmt *q = sq_prepare(st,
                                 "INSERT INTO identity(kind, value, name) VALUES (?1, ?2, ?3)"
                                 " ON CONFLICT(kind, value) DO UPDATE SET name = coalesce(name, ?3)"
                                 " RETURNING id, coalesce(person_id, -id)",
                                 err);
    if (!q)
        return 0;
    sqlite3_bind_int(q, 1, kind);
    sq_bind_text(q, 2, value);
    sq_bind_text(q, 3, name);
    gint64 id = 0, contact = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        id = sqlite3_column_int64(q, 0);
        contact = sqlite3_column_int64(q, 1);
    } else {
        sq_fail(st, err, "adding identity");
    }
    sqlite3_finalize(q);
    /* A name given here may be the contact's name (call-list summary). */
    return id && sq_contact_mark_dirty(st, contact, err) ? id : 0;
}

/* ----------------------------------------------------------------- events */

pl_event *sq_event_load(pl_store *st, gint64 id, const char *source_key, gint64 *id_out,
                        GError **err)
{
    sqlite3_stmt *q =
        sq_prepare(st,
                   "SELECT e.id, e.channel, e.direction, e.ts, e.duration_s, e.subject,"
                   " e.words, e.bytes, e.source_key, e.message_id, e.flags, b.body "
                   "FROM event e LEFT JOIN event_body b ON b.event_id = e.id "
                   "WHERE e.id = ? OR e.source_key = ?",
                   err);
    if (!q)
        return NULL;
    sqlite3_bind_int64(q, 1, id);
    sq_bind_text(q, 2, source_key);
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        if (id > 0)
            g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND, "no event %" G_GINT64_FORMAT, id);
        else
            g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND, "no event %s",
                        source_key ? source_key : "?");
        return NULL;
    }
    pl_event *ev = pl_event_new(sqlite3_column_int(q, 1));
    gint64 eid = sqlite3_column_int64(q, 0);
    ev->direction = sqlite3_column_int(q, 2);
    ev->ts = sqlite3_column_int64(q, 3);
    ev->duration_s = sqlite3_column_int64(q, 4);
    ev->subject = g_strdup(col_text(q, 5));
    ev->words = (guint)sqlite3_column_int(q, 6);
    ev->bytes = (guint64)sqlite3_column_int64(q, 7);
    ev->source_key = g_strdup(col_text(q, 8));
    ev->message_id = g_strdup(col_text(q, 9));
    ev->flags = (guint)sqlite3_column_int(q, 10);
    ev->body = g_strdup(col_text(q, 11));
    sqlite3_finalize(q);
    q = sq_prepare(st,
                   "SELECT i.kind, i.value, i.name, p.role, i.id FROM participant p"
                   " JOIN identity i ON i.id = p.identity_id WHERE p.event_id = ?1"
                   " UNION ALL SELECT i.kind, i.value, i.name, 5, i.id FROM (" SQ_EVENT_ROOM(
                       "?1") ") r JOIN identity i ON i.id = r.room_id ORDER BY 4, 5",
                   err);
    if (!q) {
        pl_event_free(ev);
        return NULL;
    }
    sqlite3_bind_int64(q, 1, eid);
    while (sqlite3_step(q) == SQLITE_ROW)
        pl_event_add_participant(ev, sqlite3_column_int(q, 0), col_text(q, 1), col_text(q, 2),
                                 sqlite3_column_int(q, 3));
    sqlite3_finalize(q);
    if (id_out)
        *id_out = eid;
    return ev;
}

gint64 sq_event_last(pl_store *st, int channel, const pl_target_ids *a, GError **err)
{
    sqlite3_stmt *q =
        sq_prepare(st,
                   "SELECT e.id FROM event e JOIN participant pa ON pa.event_id = e.id"
                   " JOIN identity i ON i.id = pa.identity_id"
                   " LEFT JOIN person p ON p.id = i.person_id"
                   " WHERE (?1 < 0 OR e.channel = ?1)"
                   "  AND (i.id = ?2 OR i.person_id = ?3 OR p.org_id = ?4)"
                   " ORDER BY e.ts DESC, e.id DESC LIMIT 1",
                   err);
    if (!q)
        return 0;
    sqlite3_bind_int(q, 1, channel);
    bind_id(q, 2, a->identity_id);
    bind_id(q, 3, a->person_id);
    bind_id(q, 4, a->org_id);
    gint64 id = 0;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(q, 0);
    else if (rc != SQLITE_DONE)
        sq_fail(st, err, "finding the last event");
    sqlite3_finalize(q);
    return id;
}

/* ------------------------------------------------------------------ items */

pl_add_result sq_item_add(pl_store *st, const pl_item *it, gint64 *id, GError **err)
{
    sqlite3_stmt *q =
        sq_prepare(st,
                   "INSERT INTO item(key, kind, origin, text, due_ts, created_ts,"
                   " source_event_id, source_sentence, person_id, org_id, identity_id,"
                   " due_has_time)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING",
                   err);
    if (!q)
        return PL_ADD_FAILED;
    sq_bind_text(q, 1, it->key);
    sq_bind_text(q, 2, it->kind);
    sq_bind_text(q, 3, it->origin ? it->origin : "logged");
    sq_bind_text(q, 4, it->text);
    bind_id(q, 5, it->due_ts);
    sqlite3_bind_int64(q, 6, it->created_ts);
    bind_id(q, 7, it->source_event_id);
    sq_bind_text(q, 8, it->source_sentence);
    bind_id(q, 9, it->about.person_id);
    bind_id(q, 10, it->about.org_id);
    bind_id(q, 11, it->about.identity_id);
    sqlite3_bind_int(q, 12, it->due_ts && it->due_has_time);
    gboolean ok = sq_step_done(st, q, err, "adding item");
    sqlite3_finalize(q);
    if (!ok)
        return PL_ADD_FAILED;
    if (sqlite3_changes(DB(st)) == 1) {
        *id = sqlite3_last_insert_rowid(DB(st));
        return PL_ADD_NEW;
    }
    q = sq_prepare(st, "SELECT id FROM item WHERE key = ?", err);
    if (!q)
        return PL_ADD_FAILED;
    sq_bind_text(q, 1, it->key);
    *id = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return PL_ADD_DUPLICATE;
}

gboolean sq_item_close(pl_store *st, gint64 id, const char *status, const char *by, gint64 ts,
                       gboolean *was_open, GError **err)
{
    sqlite3_stmt *q = sq_prepare(st,
                                 "UPDATE item SET status = ?, closed_by = ?, closed_ts = ?"
                                 " WHERE id = ? AND status = 'open'",
                                 err);
    if (!q)
        return FALSE;
    sq_bind_text(q, 1, status);
    sq_bind_text(q, 2, by);
    sqlite3_bind_int64(q, 3, ts);
    sqlite3_bind_int64(q, 4, id);
    gboolean ok = sq_step_done(st, q, err, "closing item");
    sqlite3_finalize(q);
    if (!ok)
        return FALSE;
    *was_open = sqlite3_changes(DB(st)) == 1;
    if (*was_open)
        return TRUE;
    q = sq_prepare(st, "SELECT 1 FROM item WHERE id = ?", err);
    if (!q)
        return FALSE;
    sqlite3_bind_int64(q, 1, id);
    ok = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    if (!ok)
        g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND, "no item %" G_GINT64_FORMAT, id);
    return ok;
}

/* What an item or fact row (alias x) is about, matched against ?1 person,
 * ?2 identity, ?3 organisation: a person's rows include those recorded on
 * one of its identities before contacts said whose it was. */
#define ABOUT_JOINS                                                                                \
    " LEFT JOIN identity ii ON ii.id = x.identity_id"                                              \
    " LEFT JOIN person pe ON pe.id = coalesce(x.person_id, ii.person_id)"                          \
    " LEFT JOIN org og ON og.id = coalesce(x.org_id, pe.org_id) "
#define ABOUT_WHERE                                                                                \
    " ((?1 IS NULL AND ?2 IS NULL AND ?3 IS NULL) OR x.person_id = ?1 OR ii.person_id = ?1"        \
    " OR x.identity_id = ?2 OR og.id = ?3) "

/* With a target, the rows it can match, found through indexes: those
 * recorded on the person, its identities, the organisation, its people and
 * their identities (a superset of ABOUT_WHERE, which still decides). With
 * none, ABOUT_WHERE alone, over every row: `open` lists them all anyway,
 * while a brief of one customer must not read every open item. */
#define ABOUT_CANDIDATES(table)                                                                    \
    " (SELECT id FROM " table " WHERE person_id = ?1 AND (?5 OR status = 'open')"                  \
    " UNION SELECT t.id FROM identity i JOIN " table " t ON t.identity_id = i.id"                  \
    "  WHERE i.person_id = ?1 AND (?5 OR t.status = 'open')"                                       \
    " UNION SELECT id FROM " table " WHERE identity_id = ?2 AND (?5 OR status = 'open')"           \
    " UNION SELECT id FROM " table " WHERE org_id = ?3 AND (?5 OR status = 'open')"                \
    " UNION SELECT t.id FROM person p JOIN " table " t ON t.person_id = p.id"                      \
    "  WHERE p.org_id = ?3 AND (?5 OR t.status = 'open')"                                          \
    " UNION SELECT t.id FROM person p JOIN identity i ON i.person_id = p.id"                       \
    "  JOIN " table                                                                                \
    " t ON t.identity_id = i.id WHERE p.org_id = ?3 AND (?5 OR t.status = 'open'))"                \
    " c CROSS JOIN " table " x ON x.id = c.id"

static gboolean about_any(const pl_target_ids *a)
{
    return a && (a->person_id > 0 || a->identity_id > 0 || a->org_id > 0);
}

static void bind_about(sqlite3_stmt *q, const pl_target_ids *a)
{
    bind_id(q, 1, a ? a->person_id : 0);
    bind_id(q, 2, a ? a->identity_id : 0);
    bind_id(q, 3, a ? a->org_id : 0);
}

gboolean sq_item_each(pl_store *st, const pl_item_filter *f, pl_item_cb cb, gpointer user,
                      GError **err)
{
#define ITEM_SELECT(from)                                                                          \
    "SELECT x.id, x.due_ts, x.created_ts, x.closed_ts, x.source_event_id, x.kind,"                 \
    " x.origin, x.text, x.status, x.closed_by, x.source_sentence, e.source_key,"                   \
    " x.person_id, x.org_id, x.identity_id, pe.name, og.name, ii.value, x.key,"                    \
    " x.due_has_time, e.ts, e.subject "                                                            \
    "FROM " from ABOUT_JOINS "LEFT JOIN event e ON e.id = x.source_event_id "                      \
    "WHERE" ABOUT_WHERE "AND (?4 IS NULL OR x.id = ?4) AND (?5 OR x.status = 'open')"              \
    " AND (?6 IS NULL OR x.source_event_id = ?6) AND (?7 IS NULL OR x.kind = ?7)"                  \
    " AND (?8 IS NULL OR x.origin = ?8) "                                                          \
    "ORDER BY x.due_ts IS NULL, x.due_ts, x.created_ts, x.id"
    sqlite3_stmt *q = sq_prepare(
        st, about_any(&f->about) ? ITEM_SELECT(ABOUT_CANDIDATES("item")) : ITEM_SELECT("item x"),
        err);
#undef ITEM_SELECT
    if (!q)
        return FALSE;
    bind_about(q, &f->about);
    bind_id(q, 4, f->id);
    sqlite3_bind_int(q, 5, f->all || f->id > 0);
    bind_id(q, 6, f->source_event_id);
    sq_bind_text(q, 7, f->kind);
    sq_bind_text(q, 8, f->origin);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_item_info i = {
            .id = sqlite3_column_int64(q, 0),
            .due_ts = sqlite3_column_int64(q, 1),
            .created_ts = sqlite3_column_int64(q, 2),
            .closed_ts = sqlite3_column_int64(q, 3),
            .source_event_id = sqlite3_column_int64(q, 4),
            .kind = col_text(q, 5),
            .origin = col_text(q, 6),
            .text = col_text(q, 7),
            .status = col_text(q, 8),
            .closed_by = col_text(q, 9),
            .source_sentence = col_text(q, 10),
            .source_key = col_text(q, 11),
            .about = {sqlite3_column_int64(q, 14), sqlite3_column_int64(q, 12),
                      sqlite3_column_int64(q, 13)},
            .person = col_text(q, 15),
            .org = col_text(q, 16),
            .identity = col_text(q, 17),
            .key = col_text(q, 18),
            .due_has_time = sqlite3_column_int(q, 19),
            .source_ts = sqlite3_column_int64(q, 20),
            .source_subject = col_text(q, 21),
        };
        if (!cb(&i, user)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? TRUE : sq_fail(st, err, "reading items");
}

/* ------------------------------------------------------------------ facts */

gint64 sq_fact_add(pl_store *st, const char *kind, const char *text, gint64 created_ts,
                   gint64 source_event_id, const pl_target_ids *a, GError **err)
{
    sqlite3_stmt *q =
        sq_prepare(st,
                   "INSERT INTO fact(kind, text, created_ts, source_event_id, person_id,"
                   " org_id, identity_id) VALUES (?,?,?,?,?,?,?)",
                   err);
    if (!q)
        return 0;
    sq_bind_text(q, 1, kind);
    sq_bind_text(q, 2, text);
    sqlite3_bind_int64(q, 3, created_ts);
    bind_id(q, 4, source_event_id);
    bind_id(q, 5, a->person_id);
    bind_id(q, 6, a->org_id);
    bind_id(q, 7, a->identity_id);
    gboolean ok = sq_step_done(st, q, err, "adding fact");
    sqlite3_finalize(q);
    return ok ? sqlite3_last_insert_rowid(DB(st)) : 0;
}

gboolean sq_fact_each(pl_store *st, const pl_target_ids *about, pl_fact_cb cb, gpointer user,
                      GError **err)
{
    sqlite3_stmt *q =
        sq_prepare(st,
                   "SELECT x.id, x.created_ts, x.source_event_id, x.kind, x.text,"
                   " x.person_id, x.org_id, x.identity_id, pe.name, og.name, ii.value "
                   "FROM fact x" ABOUT_JOINS "WHERE" ABOUT_WHERE "ORDER BY x.created_ts, x.id",
                   err);
    if (!q)
        return FALSE;
    bind_about(q, about);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_fact_info f = {
            .id = sqlite3_column_int64(q, 0),
            .created_ts = sqlite3_column_int64(q, 1),
            .source_event_id = sqlite3_column_int64(q, 2),
            .kind = col_text(q, 3),
            .text = col_text(q, 4),
            .about = {sqlite3_column_int64(q, 7), sqlite3_column_int64(q, 5),
                      sqlite3_column_int64(q, 6)},
            .person = col_text(q, 8),
            .org = col_text(q, 9),
            .identity = col_text(q, 10),
        };
        if (!cb(&f, user)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? TRUE : sq_fail(st, err, "reading facts");
}
