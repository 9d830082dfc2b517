/* store_sqlite.c — the embedded default backend of the storage interface.
 *
 * One connection, WAL, prepared statements cached by call site. Migrations are
 * the numbered .sql files compiled in as GResources; PRAGMA user_version
 * records the last one applied, each applied in its own transaction so an
 * interrupted upgrade leaves the previous schema intact.
 */
#include "store.h"
#include "store_sqlite_text.h"

#include "parley-resources.h"

#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>

enum {
    S_META_GET,
    S_META_SET,
    S_SOURCE_GET,
    S_SOURCE_ADD,
    S_FILE_GET,
    S_FILE_SET,
    S_EVENT_FIND,
    S_EVENT_ADD,
    S_EVENT_SEEN,
    S_BODY_ADD,
    S_IDENT_GET,
    S_IDENT_ADD,
    S_IDENT_UPDATE,
    S_CONV_DIRTY,
    S_IDENT_LIST,
    S_PART_ADD,
    S_EVENT_CONV,
    S_EVENT_DIRECTION,
    S_NODE_GET,
    S_NODE_PUT,
    S_CONV_NEW,
    S_CONV_SUBJECT,
    S_CONV_SAVE,
    S_RULE_SET,
    S_ORG_GET,
    S_ORG_ADD,
    S_PERSON_UPSERT,
    S_IDENT_LINK,
    S_IDENT_DIRTY,
    S__COUNT
};

typedef struct {
    pl_store base;
    sqlite3 *db;
    sqlite3_stmt *stmt[S__COUNT];
    text_indexer *text; /* started by the first event added */
    gboolean attached;  /* the text index is attached for searching */
} sqlite_store;

#define DB(st) (((sqlite_store *)(st))->db)

static gboolean fail(pl_store *st, GError **err, const char *what)
{
    g_set_error(err, PARLEY_ERROR, PL_ERR_STORE, "%s: %s (%s)", st->spec, what,
                sqlite3_errmsg(DB(st)));
    return FALSE;
}

/* Cached prepare: each S_ constant has exactly one SQL text. */
static sqlite3_stmt *stmt(pl_store *st, int which, const char *sql)
{
    sqlite_store *s = (sqlite_store *)st;
    g_assert(which >= 0 && which < S__COUNT);
    if (!s->stmt[which]) {
        if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[which],
                               NULL) != SQLITE_OK) {
            g_critical("prepare failed: %s: %s", sqlite3_errmsg(s->db), sql);
            return NULL;
        }
    } else {
        sqlite3_reset(s->stmt[which]);
        sqlite3_clear_bindings(s->stmt[which]);
    }
    return s->stmt[which];
}

static void bind_text(sqlite3_stmt *q, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, i);
}

static void bind_cat(sqlite3_stmt *q, int i, int cat)
{
    if (cat >= 0)
        sqlite3_bind_int(q, i, cat);
    else
        sqlite3_bind_null(q, i);
}

static int col_cat(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? -1 : sqlite3_column_int(q, i);
}

static gboolean exec(pl_store *st, const char *sql, GError **err)
{
    char *msg = NULL;
    if (sqlite3_exec(DB(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_STORE, "%s: %s", st->spec, msg ? msg : "?");
        sqlite3_free(msg);
        return FALSE;
    }
    return TRUE;
}

/* Runs one statement that returns no rows; TRUE on SQLITE_DONE. */
static gboolean step_done(pl_store *st, sqlite3_stmt *q, GError **err, const char *what)
{
    int rc = sqlite3_step(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return fail(st, err, what);
    return TRUE;
}

/* ------------------------------------------------------------ lifecycle */

static void sq_close(pl_store *st)
{
    sqlite_store *s = (sqlite_store *)st;
    GError *err = NULL;
    if (!text_indexer_finish(s->text, &err)) {
        /* Events are safe; the index catches up the next time. */
        g_warning("full-text index: %s", err->message);
        g_error_free(err);
    }
    for (int i = 0; i < S__COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_close(s->db);
    g_free(st->spec);
    g_free(s);
}

static int sq_schema_version(pl_store *st)
{
    sqlite3_stmt *q;
    int v = -1;
    if (sqlite3_prepare_v2(DB(st), "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            v = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
    }
    return v;
}

static gboolean sq_begin(pl_store *st, GError **err)
{
    return exec(st, "BEGIN IMMEDIATE", err);
}

static gboolean sq_commit(pl_store *st, GError **err)
{
    return exec(st, "COMMIT", err);
}

static void sq_rollback(pl_store *st)
{
    if (!sqlite3_get_autocommit(DB(st)))
        exec(st, "ROLLBACK", NULL);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static gboolean migrate(pl_store *st, GError **err)
{
    /* Registered by hand: a static library drops an unreferenced
     * constructor, and with it the migrations. */
    static gsize registered;
    if (g_once_init_enter(&registered)) {
        parley_register_resource();
        g_once_init_leave(&registered, 1);
    }
    char **names = g_resources_enumerate_children("/parley/sql/sqlite", 0, NULL);
    if (!names) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_STORE, "no migrations compiled in");
        return FALSE;
    }
    /* Resource names begin with a zero-padded number, so sorting orders them. */
    qsort(names, g_strv_length(names), sizeof(char *), compare_names);
    gboolean ok = TRUE;
    int have = sq_schema_version(st);
    for (char **n = names; ok && *n; n++) {
        int num = atoi(*n);
        if (num <= have)
            continue;
        char *path = g_strconcat("/parley/sql/sqlite/", *n, NULL);
        GBytes *sql = g_resources_lookup_data(path, 0, NULL);
        g_free(path);
        g_assert(sql);
        char *text = g_strndup(g_bytes_get_data(sql, NULL), g_bytes_get_size(sql));
        char *ver = g_strdup_printf("PRAGMA user_version = %d", num);
        ok = sq_begin(st, err) && exec(st, text, err) && exec(st, ver, err) && sq_commit(st, err);
        if (!ok)
            sq_rollback(st);
        g_free(ver);
        g_free(text);
        g_bytes_unref(sql);
    }
    g_strfreev(names);
    return ok;
}

/* ------------------------------------------------------------------ meta */

static char *sq_meta_get(pl_store *st, const char *key)
{
    sqlite3_stmt *q = stmt(st, S_META_GET, "SELECT value FROM meta WHERE key = ?");
    bind_text(q, 1, key);
    if (sqlite3_step(q) == SQLITE_ROW)
        return g_strdup((const char *)sqlite3_column_text(q, 0));
    return NULL;
}

static gboolean sq_meta_set(pl_store *st, const char *key, const char *value, GError **err)
{
    sqlite3_stmt *q =
        stmt(st, S_META_SET, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
    bind_text(q, 1, key);
    bind_text(q, 2, value);
    return step_done(st, q, err, "meta");
}

/* -------------------------------------------------------- sources, files */

static gint64 sq_source_id(pl_store *st, const char *kind, const char *location, GError **err)
{
    sqlite3_stmt *q = stmt(st, S_SOURCE_GET, "SELECT id FROM source WHERE kind = ? AND location = ?");
    bind_text(q, 1, kind);
    bind_text(q, 2, location);
    if (sqlite3_step(q) == SQLITE_ROW)
        return sqlite3_column_int64(q, 0);
    q = stmt(st, S_SOURCE_ADD, "INSERT INTO source(kind, location) VALUES (?, ?)");
    bind_text(q, 1, kind);
    bind_text(q, 2, location);
    if (!step_done(st, q, err, "adding source"))
        return 0;
    return sqlite3_last_insert_rowid(DB(st));
}

static gboolean sq_file_unchanged(pl_store *st, const char *path, gint64 size, gint64 mtime_ns)
{
    sqlite3_stmt *q = stmt(st, S_FILE_GET, "SELECT size, mtime_ns FROM file_seen WHERE path = ?");
    bind_text(q, 1, path);
    return sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int64(q, 0) == size &&
           sqlite3_column_int64(q, 1) == mtime_ns;
}

static gboolean sq_file_mark(pl_store *st, gint64 source_id, const char *path, gint64 size,
                             gint64 mtime_ns, GError **err)
{
    sqlite3_stmt *q = stmt(st, S_FILE_SET,
                           "INSERT OR REPLACE INTO file_seen(path, source_id, size, mtime_ns) "
                           "VALUES (?, ?, ?, ?)");
    bind_text(q, 1, path);
    sqlite3_bind_int64(q, 2, source_id);
    sqlite3_bind_int64(q, 3, size);
    sqlite3_bind_int64(q, 4, mtime_ns);
    return step_done(st, q, err, "recording file");
}

/* ---------------------------------------------------------------- events */

static gint64 identity_id(pl_store *st, const pl_participant *p, GError **err)
{
    sqlite3_stmt *q = stmt(st, S_IDENT_GET, "SELECT id, name IS NULL, is_list FROM identity "
                                            "WHERE kind = ? AND value = ?");
    sqlite3_bind_int(q, 1, p->kind);
    bind_text(q, 2, p->value);
    if (sqlite3_step(q) == SQLITE_ROW) {
        gint64 id = sqlite3_column_int64(q, 0);
        gboolean no_name = sqlite3_column_int(q, 1), is_list = sqlite3_column_int(q, 2);
        if ((no_name && p->name) || (!is_list && p->role == PL_ROLE_LIST)) {
            sqlite3_stmt *u = stmt(st, S_IDENT_UPDATE,
                                   "UPDATE identity SET name = coalesce(name, ?), "
                                   "is_list = max(is_list, ?) WHERE id = ?");
            bind_text(u, 1, p->name);
            sqlite3_bind_int(u, 2, p->role == PL_ROLE_LIST);
            sqlite3_bind_int64(u, 3, id);
            if (!step_done(st, u, err, "updating identity"))
                return 0;
        }
        return id;
    }
    q = stmt(st, S_IDENT_ADD, "INSERT INTO identity(kind, value, name, is_list) VALUES (?,?,?,?)");
    sqlite3_bind_int(q, 1, p->kind);
    bind_text(q, 2, p->value);
    bind_text(q, 3, p->name);
    sqlite3_bind_int(q, 4, p->role == PL_ROLE_LIST);
    if (!step_done(st, q, err, "adding identity"))
        return 0;
    return sqlite3_last_insert_rowid(DB(st));
}

static gboolean record_seen(pl_store *st, gint64 event_id, gint64 source_id, const char *location,
                            GError **err)
{
    sqlite3_stmt *q = stmt(st, S_EVENT_SEEN,
                           "INSERT OR IGNORE INTO event_seen(event_id, source_id, location) "
                           "VALUES (?, ?, ?)");
    sqlite3_bind_int64(q, 1, event_id);
    sqlite3_bind_int64(q, 2, source_id);
    bind_text(q, 3, location ? location : "");
    return step_done(st, q, err, "recording where an event was seen");
}

/* Starts the text indexer and feeds it whatever events it has not seen
 * (after an interruption, or an index file deleted by hand). */
static gboolean text_start(pl_store *st, GError **err)
{
    sqlite_store *s = (sqlite_store *)st;
    if (s->text)
        return TRUE;
    gint64 upto = text_indexer_upto(st->spec);
    s->text = text_indexer_start(st->spec, err);
    if (!s->text)
        return FALSE;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st),
                           "SELECT e.id, e.subject, b.body FROM event e "
                           "LEFT JOIN event_body b ON b.event_id = e.id WHERE e.id > ? "
                           "AND (e.subject IS NOT NULL OR b.body IS NOT NULL) ORDER BY e.id",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, err, "catching up the text index");
    sqlite3_bind_int64(q, 1, upto);
    while (sqlite3_step(q) == SQLITE_ROW)
        text_indexer_push(s->text, sqlite3_column_int64(q, 0),
                          (const char *)sqlite3_column_text(q, 1),
                          (const char *)sqlite3_column_text(q, 2));
    sqlite3_finalize(q);
    return TRUE;
}

static pl_add_result sq_event_add(pl_store *st, const pl_event *ev, gint64 source_id,
                                  const char *location, gint64 *event_id, GError **err)
{
    g_assert(ev->source_key && *ev->source_key);
    sqlite3_stmt *q = stmt(st, S_EVENT_FIND, "SELECT id FROM event WHERE source_key = ?");
    bind_text(q, 1, ev->source_key);
    if (sqlite3_step(q) == SQLITE_ROW) {
        *event_id = sqlite3_column_int64(q, 0);
        if (source_id && !record_seen(st, *event_id, source_id, location, err))
            return PL_ADD_FAILED;
        return PL_ADD_DUPLICATE;
    }
    q = stmt(st, S_EVENT_ADD,
             "INSERT INTO event(channel, direction, ts, duration_s, subject, words, bytes, "
             "source_key, message_id, flags) VALUES (?,?,?,?,?,?,?,?,?,?)");
    sqlite3_bind_int(q, 1, ev->channel);
    sqlite3_bind_int(q, 2, ev->direction);
    sqlite3_bind_int64(q, 3, ev->ts);
    sqlite3_bind_int64(q, 4, ev->duration_s);
    bind_text(q, 5, ev->subject);
    sqlite3_bind_int(q, 6, (int)ev->words);
    sqlite3_bind_int64(q, 7, (gint64)ev->bytes);
    bind_text(q, 8, ev->source_key);
    bind_text(q, 9, ev->message_id);
    sqlite3_bind_int(q, 10, (int)ev->flags);
    if (!step_done(st, q, err, "adding event"))
        return PL_ADD_FAILED;
    gint64 id = sqlite3_last_insert_rowid(DB(st));
    *event_id = id;

    if (ev->body) {
        q = stmt(st, S_BODY_ADD, "INSERT INTO event_body(event_id, body) VALUES (?, ?)");
        sqlite3_bind_int64(q, 1, id);
        bind_text(q, 2, ev->body);
        if (!step_done(st, q, err, "adding body"))
            return PL_ADD_FAILED;
    }
    if (ev->subject || ev->body) {
        if (!text_start(st, err))
            return PL_ADD_FAILED;
        text_indexer_push(((sqlite_store *)st)->text, id, ev->subject, ev->body);
    }
    for (guint i = 0; ev->participants && i < ev->participants->len; i++) {
        const pl_participant *p = &g_array_index(ev->participants, pl_participant, i);
        gint64 iid = identity_id(st, p, err);
        if (!iid)
            return PL_ADD_FAILED;
        q = stmt(st, S_PART_ADD,
                 "INSERT OR IGNORE INTO participant(event_id, identity_id, role) VALUES (?,?,?)");
        sqlite3_bind_int64(q, 1, id);
        sqlite3_bind_int64(q, 2, iid);
        sqlite3_bind_int(q, 3, p->role);
        if (!step_done(st, q, err, "adding participant"))
            return PL_ADD_FAILED;
    }
    if (source_id && !record_seen(st, id, source_id, location, err))
        return PL_ADD_FAILED;
    return PL_ADD_NEW;
}

static gboolean sq_event_set_conv(pl_store *st, gint64 event_id, gint64 conv_id, GError **err)
{
    sqlite3_stmt *q = stmt(st, S_EVENT_CONV, "UPDATE event SET conv_id = ? WHERE id = ?");
    sqlite3_bind_int64(q, 1, conv_id);
    sqlite3_bind_int64(q, 2, event_id);
    if (!step_done(st, q, err, "threading event"))
        return FALSE;
    q = stmt(st, S_CONV_DIRTY, "UPDATE conversation SET dirty = 1 WHERE id = ? AND dirty = 0");
    sqlite3_bind_int64(q, 1, conv_id);
    return step_done(st, q, err, "marking conversation");
}

static gint64 scalar(pl_store *st, const char *sql)
{
    sqlite3_stmt *q;
    gint64 v = -1;
    if (sqlite3_prepare_v2(DB(st), sql, -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            v = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    return v;
}

static gint64 sq_count_events(pl_store *st, int channel)
{
    if (channel < 0)
        return scalar(st, "SELECT count(*) FROM event");
    char *sql = g_strdup_printf("SELECT count(*) FROM event WHERE channel = %d", channel);
    gint64 v = scalar(st, sql);
    g_free(sql);
    return v;
}

static gboolean sq_stats(pl_store *st, pl_store_stats *o, GError **err)
{
    memset(o, 0, sizeof *o);
    o->events = scalar(st, "SELECT count(*) FROM event");
    o->conversations = scalar(st, "SELECT count(*) FROM conversation");
    o->identities = scalar(st, "SELECT count(*) FROM identity");
    o->people = scalar(st, "SELECT count(*) FROM person");
    o->orgs = scalar(st, "SELECT count(*) FROM org");
    o->sources = scalar(st, "SELECT count(*) FROM source");
    o->files = scalar(st, "SELECT count(*) FROM file_seen");
    o->first_ts = scalar(st, "SELECT coalesce(min(ts), 0) FROM event");
    o->last_ts = scalar(st, "SELECT coalesce(max(ts), 0) FROM event");
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st), "SELECT channel, direction, flags, count(*) FROM event "
                                   "GROUP BY 1, 2, 3", -1, &q, NULL) != SQLITE_OK)
        return fail(st, err, "counting events");
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

static gboolean sq_search(pl_store *st, const char *query, int limit, pl_search_cb cb,
                          gpointer user, GError **err)
{
    sqlite_store *s = (sqlite_store *)st;
    /* Bring the index up to date first: an interrupted ingest may have left
     * events it has not seen. */
    if (text_indexer_upto(st->spec) < scalar(st, "SELECT coalesce(max(id), 0) FROM event")) {
        if (!text_start(st, err) || !text_indexer_finish(s->text, err)) {
            s->text = NULL;
            return FALSE;
        }
        s->text = NULL;
    }
    if (!s->attached) {
        char *path = text_index_path(st->spec);
        char *sql = sqlite3_mprintf("ATTACH DATABASE %Q AS text", path);
        gboolean ok = exec(st, sql, err);
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
        return fail(st, err, "searching");
    bind_text(q, 1, query);
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

static gboolean sq_node_get(pl_store *st, const char *msgid, pl_node *out)
{
    sqlite3_stmt *q =
        stmt(st, S_NODE_GET, "SELECT parent, conv_id, has_event FROM mail_node WHERE msgid = ?");
    bind_text(q, 1, msgid);
    if (sqlite3_step(q) != SQLITE_ROW)
        return FALSE;
    out->msgid = g_strdup(msgid);
    out->parent = g_strdup((const char *)sqlite3_column_text(q, 0));
    out->conv_id = sqlite3_column_int64(q, 1);
    out->has_event = sqlite3_column_int(q, 2);
    return TRUE;
}

static gboolean sq_node_put(pl_store *st, const pl_node *n, GError **err)
{
    sqlite3_stmt *q = stmt(st, S_NODE_PUT,
                           "INSERT OR REPLACE INTO mail_node(msgid, parent, conv_id, has_event) "
                           "VALUES (?, ?, ?, ?)");
    bind_text(q, 1, n->msgid);
    bind_text(q, 2, n->parent);
    sqlite3_bind_int64(q, 3, n->conv_id);
    sqlite3_bind_int(q, 4, n->has_event);
    return step_done(st, q, err, "threading");
}

static gint64 sq_conv_new(pl_store *st, int channel, const char *subject_norm, gint64 ts,
                          GError **err)
{
    sqlite3_stmt *q = stmt(st, S_CONV_NEW,
                           "INSERT INTO conversation(channel, subject_norm, first_ts, last_ts) "
                           "VALUES (?, ?, ?, ?)");
    sqlite3_bind_int(q, 1, channel);
    bind_text(q, 2, subject_norm);
    sqlite3_bind_int64(q, 3, ts);
    sqlite3_bind_int64(q, 4, ts);
    if (!step_done(st, q, err, "adding conversation"))
        return 0;
    return sqlite3_last_insert_rowid(DB(st));
}

static gboolean sq_conv_merge(pl_store *st, gint64 from, gint64 into, GError **err)
{
    g_assert(from != into);
    char *sql = g_strdup_printf(
        "UPDATE mail_node SET conv_id = %1$" G_GINT64_FORMAT " WHERE conv_id = %2$" G_GINT64_FORMAT
        ";"
        "UPDATE event SET conv_id = %1$" G_GINT64_FORMAT " WHERE conv_id = %2$" G_GINT64_FORMAT ";"
        "DELETE FROM conversation WHERE id = %2$" G_GINT64_FORMAT ";"
        "UPDATE conversation SET dirty = 1 WHERE id = %1$" G_GINT64_FORMAT ";",
        into, from);
    gboolean ok = exec(st, sql, err);
    g_free(sql);
    return ok;
}

static gint64 sq_conv_by_subject(pl_store *st, const char *subject_norm, gint64 since,
                                 gint64 until, gint64 event_id)
{
    /* A shared identity (other than a mailing list, which everyone shares
     * only when the list is the thread's home) guards against fusing two
     * threads that merely share a subject line. */
    sqlite3_stmt *q = stmt(
        st, S_CONV_SUBJECT,
        "SELECT c.id FROM conversation c WHERE c.subject_norm = ?1 AND c.last_ts BETWEEN ?2 AND ?3 "
        "AND EXISTS (SELECT 1 FROM event e JOIN participant p ON p.event_id = e.id "
        "  WHERE e.conv_id = c.id AND e.id <> ?4 AND p.identity_id IN "
        "  (SELECT identity_id FROM participant WHERE event_id = ?4)) "
        "ORDER BY c.last_ts DESC LIMIT 1");
    bind_text(q, 1, subject_norm);
    sqlite3_bind_int64(q, 2, since);
    sqlite3_bind_int64(q, 3, until);
    sqlite3_bind_int64(q, 4, event_id);
    return sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
}

static gint64 sq_count_conversations(pl_store *st)
{
    return scalar(st, "SELECT count(*) FROM conversation");
}

/* -------------------------------------------------- conversation aggregates */

static gboolean sq_conv_mark_dirty_all(pl_store *st, GError **err)
{
    return exec(st, "UPDATE conversation SET dirty = 1", err);
}

static gboolean sq_conv_mark_dirty_matching(pl_store *st, const char *pattern, GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st),
                           "UPDATE conversation SET dirty = 1 WHERE id IN ("
                           " SELECT e.conv_id FROM identity i"
                           " JOIN participant p ON p.identity_id = i.id"
                           " JOIN event e ON e.id = p.event_id"
                           " WHERE i.value = ?1 OR i.value LIKE '%@' || ?1"
                           "    OR i.value LIKE '%.' || ?1)",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, err, "marking conversations");
    bind_text(q, 1, pattern);
    gboolean ok = step_done(st, q, err, "marking conversations");
    sqlite3_finalize(q);
    return ok;
}

static gboolean sq_conv_drop_empty(pl_store *st, GError **err)
{
    return exec(st,
                "DELETE FROM conversation WHERE dirty = 1 AND NOT EXISTS "
                "(SELECT 1 FROM event e WHERE e.conv_id = conversation.id)",
                err);
}

static gboolean sq_event_set_direction(pl_store *st, gint64 event_id, int direction,
                                       GError **err)
{
    sqlite3_stmt *q = stmt(st, S_EVENT_DIRECTION, "UPDATE event SET direction = ? WHERE id = ?");
    sqlite3_bind_int(q, 1, direction);
    sqlite3_bind_int64(q, 2, event_id);
    return step_done(st, q, err, "updating direction");
}

static gboolean sq_conv_rows_dirty(pl_store *st, int limit, pl_conv_row_cb cb, gpointer user,
                                   GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            DB(st),
            "SELECT e.conv_id, e.id, e.ts, e.duration_s, e.channel, e.direction, e.flags, "
            " e.words, e.subject, i.value, i.kind, p.role, i.is_list, i.category, "
            " pe.category, o.category "
            "FROM (SELECT id FROM conversation WHERE dirty = 1 ORDER BY id LIMIT ?1) c "
            "JOIN event e ON e.conv_id = c.id "
            "LEFT JOIN participant p ON p.event_id = e.id "
            "LEFT JOIN identity i ON i.id = p.identity_id "
            "LEFT JOIN person pe ON pe.id = i.person_id "
            "LEFT JOIN org o ON o.id = pe.org_id "
            "ORDER BY e.conv_id, e.ts, e.id",
            -1, &q, NULL) != SQLITE_OK)
        return fail(st, err, "reading conversations");
    sqlite3_bind_int(q, 1, limit);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
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
            .identity = (const char *)sqlite3_column_text(q, 9),
            .identity_kind = sqlite3_column_int(q, 10),
            .role = sqlite3_column_int(q, 11),
            .is_list = sqlite3_column_int(q, 12),
            .identity_category = col_cat(q, 13),
            .person_category = col_cat(q, 14),
            .org_category = col_cat(q, 15),
        };
        if (!cb(&r, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? TRUE : fail(st, err, "reading conversations");
}

static gboolean sq_conv_save(pl_store *st, const pl_conv_summary *s, GError **err)
{
    sqlite3_stmt *q = stmt(
        st, S_CONV_SAVE,
        "UPDATE conversation SET first_ts=?, last_ts=?, est_seconds=?, duration_s=?, n_events=?, "
        "n_human=?, n_in=?, n_out=?, me=?, automated=?, external=?, category=?, counterpart=?, "
        "subject=?, dirty=0 WHERE id=?");
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
    bind_text(q, 13, s->counterpart);
    bind_text(q, 14, s->subject);
    sqlite3_bind_int64(q, 15, s->id);
    return step_done(st, q, err, "saving conversation");
}

static gboolean sq_conv_each(pl_store *st, const pl_conv_filter *f, pl_conv_info_cb cb,
                             gpointer user, GError **err)
{
    /* Big range scans read through mmap (no read() per page). Only here: an
     * ingest writing a large store would otherwise count every mapped page
     * in its resident size. */
    if (!exec(st, "PRAGMA mmap_size=1073741824", err))
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
    g_string_append(sql, " ORDER BY last_ts DESC, id DESC");
    if (f->last_n > 0)
        g_string_append_printf(sql, " LIMIT %d", f->last_n);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(DB(st), sql->str, -1, &q, NULL);
    g_string_free(sql, TRUE);
    if (rc != SQLITE_OK)
        return fail(st, err, "reading conversations");
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
    return ok ? TRUE : fail(st, err, "reading conversations");
}

/* ------------------------------------------------------- classification */

static gboolean sq_rule_set(pl_store *st, const char *kind, const char *pattern, int category,
                            GError **err)
{
    sqlite3_stmt *q =
        stmt(st, S_RULE_SET, "INSERT OR REPLACE INTO rule(kind, pattern, category) VALUES (?,?,?)");
    bind_text(q, 1, kind);
    bind_text(q, 2, pattern);
    sqlite3_bind_int(q, 3, category);
    return step_done(st, q, err, "saving rule");
}

static gboolean sq_rule_each(pl_store *st, void (*cb)(const pl_rule *r, gpointer user),
                             gpointer user, GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st), "SELECT kind, pattern, category FROM rule", -1, &q, NULL) !=
        SQLITE_OK)
        return fail(st, err, "reading rules");
    while (sqlite3_step(q) == SQLITE_ROW) {
        pl_rule r = {(char *)sqlite3_column_text(q, 0), (char *)sqlite3_column_text(q, 1),
                     sqlite3_column_int(q, 2)};
        cb(&r, user);
    }
    sqlite3_finalize(q);
    return TRUE;
}

static gboolean sq_identity_each(pl_store *st, pl_identity_cb cb, gpointer user, GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            DB(st),
            "SELECT i.id, i.value, i.name, i.kind, i.is_list, i.category, pe.category, o.category,"
            " (SELECT count(*) FROM participant p JOIN event e ON e.id = p.event_id"
            "   WHERE p.identity_id = i.id AND (e.flags & 1) = 0),"
            " (SELECT max(e.ts) FROM participant p JOIN event e ON e.id = p.event_id"
            "   WHERE p.identity_id = i.id) "
            "FROM identity i LEFT JOIN person pe ON pe.id = i.person_id "
            "LEFT JOIN org o ON o.id = pe.org_id ORDER BY i.value",
            -1, &q, NULL) != SQLITE_OK)
        return fail(st, err, "reading identities");
    while (sqlite3_step(q) == SQLITE_ROW) {
        pl_identity_info i = {
            .id = sqlite3_column_int64(q, 0),
            .value = (const char *)sqlite3_column_text(q, 1),
            .name = (const char *)sqlite3_column_text(q, 2),
            .kind = sqlite3_column_int(q, 3),
            .is_list = sqlite3_column_int(q, 4),
            .identity_category = col_cat(q, 5),
            .person_category = col_cat(q, 6),
            .org_category = col_cat(q, 7),
            .n_events = sqlite3_column_int64(q, 8),
            .last_ts = sqlite3_column_int64(q, 9),
        };
        if (!cb(&i, user))
            break;
    }
    sqlite3_finalize(q);
    return TRUE;
}

/* --------------------------------------------------------------- contacts */

static gint64 sq_org_upsert(pl_store *st, const char *name, const char *domain, int category,
                            GError **err)
{
    sqlite3_stmt *q = stmt(st, S_ORG_GET, "SELECT id FROM org WHERE name = ?");
    bind_text(q, 1, name);
    if (sqlite3_step(q) == SQLITE_ROW) {
        gint64 id = sqlite3_column_int64(q, 0);
        sqlite3_stmt *u;
        sqlite3_prepare_v2(DB(st),
                           "UPDATE org SET domain = coalesce(?, domain), "
                           "category = coalesce(?, category) WHERE id = ?",
                           -1, &u, NULL);
        bind_text(u, 1, domain);
        bind_cat(u, 2, category);
        sqlite3_bind_int64(u, 3, id);
        gboolean ok = step_done(st, u, err, "updating organisation");
        sqlite3_finalize(u);
        return ok ? id : 0;
    }
    q = stmt(st, S_ORG_ADD, "INSERT INTO org(name, domain, category) VALUES (?, ?, ?)");
    bind_text(q, 1, name);
    bind_text(q, 2, domain);
    bind_cat(q, 3, category);
    if (!step_done(st, q, err, "adding organisation"))
        return 0;
    return sqlite3_last_insert_rowid(DB(st));
}

static gint64 sq_person_upsert(pl_store *st, const char *key, const char *name, gint64 org_id,
                               int category, GError **err)
{
    sqlite3_stmt *q = stmt(st, S_PERSON_UPSERT,
                           "INSERT INTO person(key, name, org_id, category) VALUES (?1, ?2, ?3, ?4) "
                           "ON CONFLICT(key) DO UPDATE SET name = coalesce(?2, name), "
                           "org_id = coalesce(?3, org_id), category = coalesce(?4, category) "
                           "RETURNING id");
    bind_text(q, 1, key);
    bind_text(q, 2, name);
    if (org_id > 0)
        sqlite3_bind_int64(q, 3, org_id);
    else
        sqlite3_bind_null(q, 3);
    bind_cat(q, 4, category);
    if (sqlite3_step(q) != SQLITE_ROW) {
        fail(st, err, "saving person");
        return 0;
    }
    gint64 id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return id;
}

static gboolean sq_identity_link(pl_store *st, int kind, const char *value, const char *name,
                                 gint64 person_id, GError **err)
{
    sqlite3_stmt *q = stmt(st, S_IDENT_LINK,
                           "INSERT INTO identity(kind, value, name, person_id) VALUES (?1,?2,?3,?4) "
                           "ON CONFLICT(kind, value) DO UPDATE SET person_id = ?4, "
                           "name = coalesce(name, ?3)");
    sqlite3_bind_int(q, 1, kind);
    bind_text(q, 2, value);
    bind_text(q, 3, name);
    sqlite3_bind_int64(q, 4, person_id);
    if (!step_done(st, q, err, "linking identity"))
        return FALSE;
    /* Conversations with this identity now classify differently. An exact
     * lookup (index on identity and participant), not the domain scan. */
    sqlite3_stmt *u = stmt(st, S_IDENT_DIRTY,
                           "UPDATE conversation SET dirty = 1 WHERE id IN ("
                           " SELECT e.conv_id FROM identity i"
                           " JOIN participant p ON p.identity_id = i.id"
                           " JOIN event e ON e.id = p.event_id"
                           " WHERE i.kind = ? AND i.value = ?)");
    sqlite3_bind_int(u, 1, kind);
    bind_text(u, 2, value);
    return step_done(st, u, err, "marking conversations");
}

static gboolean sq_person_each(pl_store *st, pl_person_cb cb, gpointer user, GError **err)
{
    /* group_concat has no ORDER BY before SQLite 3.44; an ordered subquery
     * gives the link order (identity id) in practice on every version. */
#define IDS(kind)                                                                                  \
    "(SELECT group_concat(value, ', ') FROM (SELECT value FROM identity"                           \
    " WHERE person_id = p.id AND kind = " #kind " ORDER BY id))"
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st),
                           "SELECT p.id, p.key, p.name, o.name, p.category, o.category, "
                           IDS(0) ", " IDS(1) ", " IDS(2)
                           " FROM person p LEFT JOIN org o ON o.id = p.org_id"
                           " ORDER BY p.name IS NULL, p.name COLLATE NOCASE, p.key",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, err, "reading people");
#undef IDS
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_person_info p = {
            .id = sqlite3_column_int64(q, 0),
            .key = (const char *)sqlite3_column_text(q, 1),
            .name = (const char *)sqlite3_column_text(q, 2),
            .org = (const char *)sqlite3_column_text(q, 3),
            .category = col_cat(q, 4),
            .org_category = col_cat(q, 5),
            .emails = (const char *)sqlite3_column_text(q, 6),
            .phones = (const char *)sqlite3_column_text(q, 7),
            .handles = (const char *)sqlite3_column_text(q, 8),
        };
        if (!cb(&p, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? TRUE : fail(st, err, "reading people");
}

static const pl_store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .schema_version = sq_schema_version,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .meta_get = sq_meta_get,
    .meta_set = sq_meta_set,
    .source_id = sq_source_id,
    .file_unchanged = sq_file_unchanged,
    .file_mark = sq_file_mark,
    .event_add = sq_event_add,
    .event_set_conv = sq_event_set_conv,
    .count_events = sq_count_events,
    .stats = sq_stats,
    .search = sq_search,
    .node_get = sq_node_get,
    .node_put = sq_node_put,
    .conv_new = sq_conv_new,
    .conv_merge = sq_conv_merge,
    .conv_by_subject = sq_conv_by_subject,
    .count_conversations = sq_count_conversations,
    .conv_mark_dirty_all = sq_conv_mark_dirty_all,
    .conv_mark_dirty_matching = sq_conv_mark_dirty_matching,
    .conv_rows_dirty = sq_conv_rows_dirty,
    .conv_drop_empty = sq_conv_drop_empty,
    .event_set_direction = sq_event_set_direction,
    .conv_save = sq_conv_save,
    .conv_each = sq_conv_each,
    .rule_set = sq_rule_set,
    .rule_each = sq_rule_each,
    .identity_each = sq_identity_each,
    .org_upsert = sq_org_upsert,
    .person_upsert = sq_person_upsert,
    .identity_link = sq_identity_link,
    .person_each = sq_person_each,
};

pl_store *pl_store_sqlite_open(const char *path, GError **err)
{
    sqlite_store *s = g_new0(sqlite_store, 1);
    s->base.ops = &sqlite_ops;
    s->base.spec = g_strdup(path);
    pl_store *st = &s->base;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_STORE, "cannot open database %s: %s", path,
                    s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sq_close(st);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 10000);
    /* WAL: readers (reports, the dashboard) never block an ingest. NORMAL
     * sync is durable across application crashes, which is what an
     * interrupted ingest needs. */
    if (!exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;"
                  "PRAGMA cache_size=-16000; PRAGMA temp_store=MEMORY;",
              err) ||
        !migrate(st, err)) {
        sq_close(st);
        return NULL;
    }
    return st;
}
