/* store_sqlite.c — the embedded default backend of the storage interface.
 *
 * One connection, WAL, prepared statements cached by call site. Migrations are
 * the numbered .sql files compiled in as GResources; PRAGMA user_version
 * records the last one applied, each applied in its own transaction so an
 * interrupted upgrade leaves the previous schema intact.
 */
#include "store_sqlite_text.h"

#include "detect.h"

#include "parley-resources.h"

#include <gio/gio.h>
#include <sqlite3.h>
#include <string.h>

#include "store_sqlite_int.h"
#include "store_sqlite_checkpoint.h"

gboolean sq_fail(pl_store *st, GError **err, const char *what)
{
    g_set_error(err, PARLEY_ERROR, PL_ERR_STORE, "%s: %s (%s)", st->spec, what,
                sqlite3_errmsg(DB(st)));
    return FALSE;
}

/* Cached prepare: each S_ constant has exactly one SQL text. */
/* A statement of one use (the caller finalizes it); NULL with err set. */
sqlite3_stmt *sq_prepare(pl_store *st, const char *sql, GError **err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(DB(st), sql, -1, &q, NULL) != SQLITE_OK) {
        sq_fail(st, err, "preparing a query");
        return NULL;
    }
    return q;
}

sqlite3_stmt *sq_stmt(pl_store *st, int which, const char *sql)
{
    sqlite_store *s = (sqlite_store *)st;
    g_assert(which >= 0 && which < S__COUNT);
    if (!s->stmt[which]) {
        if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[which], NULL) !=
            SQLITE_OK) {
            g_critical("prepare failed: %s: %s", sqlite3_errmsg(s->db), sql);
            return NULL;
        }
    } else {
        sqlite3_reset(s->stmt[which]);
        sqlite3_clear_bindings(s->stmt[which]);
    }
    return s->stmt[which];
}

void sq_bind_text(sqlite3_stmt *q, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, i);
}

void sq_bind_cat(sqlite3_stmt *q, int i, int cat)
{
    if (cat >= 0)
        sqlite3_bind_int(q, i, cat);
    else
        sqlite3_bind_null(q, i);
}

int sq_col_cat(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? -1 : sqlite3_column_int(q, i);
}

gboolean sq_exec(pl_store *st, const char *sql, GError **err)
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
gboolean sq_step_done(pl_store *st, sqlite3_stmt *q, GError **err, const char *what)
{
    int rc = sqlite3_step(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_fail(st, err, what);
    return TRUE;
}

/* ------------------------------------------------------------ lifecycle */

static void sq_close(pl_store *st)
{
    sqlite_store *s = (sqlite_store *)st;
    GError *err = NULL;
    sq_checkpointer_copy_all(s->ckpt);
    if (!text_indexer_finish(s->text, &err)) {
        /* Events are safe; the index catches up the next time. */
        g_warning("full-text index: %s", err->message);
        g_error_free(err);
    }
    for (int i = 0; i < S__COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    sq_bulk_free(s->bulk);
    sq_checkpointer_finish(s->ckpt, s->db);
    sqlite3_close(s->db);
    g_hash_table_destroy(s->ident_cache);
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
    sqlite_store *s = (sqlite_store *)st;
    if (!s->ckpt)
        s->ckpt = sq_checkpointer_start(s->db, st->spec, s->page_size);
    sq_checkpointer_before_begin(s->ckpt, s->db);
    return sq_exec(st, "BEGIN IMMEDIATE", err);
}

static gboolean sq_commit(pl_store *st, GError **err)
{
    return sq_exec(st, "COMMIT", err);
}

static void sq_rollback(pl_store *st)
{
    g_hash_table_remove_all(((sqlite_store *)st)->ident_cache);
    sq_bulk_forget(((sqlite_store *)st)->bulk);
    if (!sqlite3_get_autocommit(DB(st)))
        sq_exec(st, "ROLLBACK", NULL);
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
    /* Every pending migration in one transaction: a new store is made in
     * one commit instead of one a migration, and a store whose upgrade
     * fails stays as it was. */
    int have = sq_schema_version(st);
    gboolean began = FALSE, ok = TRUE;
    for (char **n = names; ok && *n; n++) {
        int num = atoi(*n);
        if (num <= have)
            continue;
        if (!began)
            ok = began = sq_begin(st, err);
        char *path = g_strconcat("/parley/sql/sqlite/", *n, NULL);
        GBytes *sql = g_resources_lookup_data(path, 0, NULL);
        g_free(path);
        g_assert(sql);
        char *text = g_strndup(g_bytes_get_data(sql, NULL), g_bytes_get_size(sql));
        char *ver = g_strdup_printf("PRAGMA user_version = %d", num);
        ok = ok && sq_exec(st, text, err) && sq_exec(st, ver, err);
        g_free(ver);
        g_free(text);
        g_bytes_unref(sql);
    }
    if (began && ok)
        ok = sq_commit(st, err);
    if (began && !ok)
        sq_rollback(st);
    g_strfreev(names);
    return ok;
}

/* ------------------------------------------------------------------ meta */

static char *sq_meta_get(pl_store *st, const char *key)
{
    sqlite3_stmt *q = sq_stmt(st, S_META_GET, "SELECT value FROM meta WHERE key = ?");
    sq_bind_text(q, 1, key);
    char *v =
        sqlite3_step(q) == SQLITE_ROW ? g_strdup((const char *)sqlite3_column_text(q, 0)) : NULL;
    sqlite3_reset(q); /* a statement left on its row holds a read snapshot */
    return v;
}

static gboolean sq_meta_set(pl_store *st, const char *key, const char *value, GError **err)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_META_SET, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
    sq_bind_text(q, 1, key);
    sq_bind_text(q, 2, value);
    return sq_step_done(st, q, err, "meta");
}

/* -------------------------------------------------------- sources, files */

static gint64 sq_source_id(pl_store *st, const char *kind, const char *location, GError **err)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_SOURCE_GET, "SELECT id FROM source WHERE kind = ? AND location = ?");
    sq_bind_text(q, 1, kind);
    sq_bind_text(q, 2, location);
    gint64 id = sq_step_int64(q);
    if (id)
        return id;
    q = sq_stmt(st, S_SOURCE_ADD, "INSERT INTO source(kind, location) VALUES (?, ?)");
    sq_bind_text(q, 1, kind);
    sq_bind_text(q, 2, location);
    if (!sq_step_done(st, q, err, "adding source"))
        return 0;
    return sqlite3_last_insert_rowid(DB(st));
}

static gboolean sq_file_unchanged(pl_store *st, const char *path, gint64 size, gint64 mtime_ns)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_FILE_GET, "SELECT size, mtime_ns FROM file_seen WHERE path = ?");
    sq_bind_text(q, 1, path);
    gboolean same = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int64(q, 0) == size &&
                    sqlite3_column_int64(q, 1) == mtime_ns;
    sqlite3_reset(q);
    return same;
}

static gboolean sq_file_mark(pl_store *st, gint64 source_id, const char *path, gint64 size,
                             gint64 mtime_ns, GError **err)
{
    sqlite3_stmt *q = sq_stmt(st, S_FILE_SET,
                              "INSERT OR REPLACE INTO file_seen(path, source_id, size, mtime_ns) "
                              "VALUES (?, ?, ?, ?)");
    sq_bind_text(q, 1, path);
    sqlite3_bind_int64(q, 2, source_id);
    sqlite3_bind_int64(q, 3, size);
    sqlite3_bind_int64(q, 4, mtime_ns);
    return sq_step_done(st, q, err, "recording file");
}

/* ---------------------------------------------------------------- events */

#define IDENT_CACHE_MAX 65536

static gint64 identity_lookup(pl_store *st, const pl_participant *p, gboolean *has_name,
                              gboolean *is_list)
{
    sqlite3_stmt *q = sq_stmt(st, S_IDENT_GET,
                              "SELECT id, name IS NOT NULL, is_list FROM identity "
                              "WHERE kind = ? AND value = ?");
    sqlite3_bind_int(q, 1, p->kind);
    sq_bind_text(q, 2, p->value);
    gint64 id = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        *has_name = sqlite3_column_int(q, 1);
        *is_list = sqlite3_column_int(q, 2);
        id = sqlite3_column_int64(q, 0);
    }
    sqlite3_reset(q);
    return id;
}

static gint64 identity_id(pl_store *st, const pl_participant *p, GError **err)
{
    sqlite_store *s = (sqlite_store *)st;
    char *key = g_strdup_printf("%d:%s", p->kind, p->value);
    gboolean has_name = FALSE, is_list = FALSE;
    gint64 id = 0;
    gpointer hit = g_hash_table_lookup(s->ident_cache, key);
    if (hit) {
        gint64 packed = *(gint64 *)hit;
        id = packed >> 2;
        has_name = (packed >> 1) & 1;
        is_list = packed & 1;
    } else {
        id = identity_lookup(st, p, &has_name, &is_list);
    }
    gboolean wants_list = p->role == PL_ROLE_LIST;
    if (id && ((!has_name && p->name) || (!is_list && wants_list))) {
        sqlite3_stmt *u = sq_stmt(st, S_IDENT_UPDATE,
                                  "UPDATE identity SET name = coalesce(name, ?), "
                                  "is_list = max(is_list, ?) WHERE id = ?");
        sq_bind_text(u, 1, p->name);
        sqlite3_bind_int(u, 2, wants_list);
        sqlite3_bind_int64(u, 3, id);
        if (!sq_step_done(st, u, err, "updating identity")) {
            g_free(key);
            return 0;
        }
        has_name |= p->name != NULL;
        is_list |= wants_list;
    } else if (!id) {
        sqlite3_stmt *q = sq_stmt(
            st, S_IDENT_ADD, "INSERT INTO identity(kind, value, name, is_list) VALUES (?,?,?,?)");
        sqlite3_bind_int(q, 1, p->kind);
        sq_bind_text(q, 2, p->value);
        sq_bind_text(q, 3, p->name);
        sqlite3_bind_int(q, 4, wants_list);
        if (!sq_step_done(st, q, err, "adding identity")) {
            g_free(key);
            return 0;
        }
        id = sqlite3_last_insert_rowid(DB(st));
        has_name = p->name != NULL;
        is_list = wants_list;
    }
    if (g_hash_table_size(s->ident_cache) >= IDENT_CACHE_MAX)
        g_hash_table_remove_all(s->ident_cache);
    gint64 *packed = g_new(gint64, 1);
    *packed = id << 2 | (gint64)has_name << 1 | (gint64)is_list;
    g_hash_table_replace(s->ident_cache, key, packed);
    return id;
}

static gboolean record_seen(pl_store *st, gint64 event_id, gint64 source_id, const char *location,
                            GError **err)
{
    sqlite3_stmt *q = sq_stmt(st, S_EVENT_SEEN,
                              "INSERT OR IGNORE INTO event_seen(event_id, source_id, location) "
                              "VALUES (?, ?, ?)");
    sqlite3_bind_int64(q, 1, event_id);
    sqlite3_bind_int64(q, 2, source_id);
    sq_bind_text(q, 3, location ? location : "");
    return sq_step_done(st, q, err, "recording where an event was seen");
}

/* Starts the text indexer and feeds it whatever events it has not seen
 * (after an interruption, or an index file deleted by hand). */
gboolean sq_text_start(pl_store *st, GError **err)
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
        return sq_fail(st, err, "catching up the text index");
    sqlite3_bind_int64(q, 1, upto);
    while (sqlite3_step(q) == SQLITE_ROW)
        text_indexer_push(s->text, sqlite3_column_int64(q, 0),
                          (const char *)sqlite3_column_text(q, 1),
                          (const char *)sqlite3_column_text(q, 2));
    sqlite3_finalize(q);
    return TRUE;
}

static pl_add_result sq_event_add(pl_store *st, const pl_event *ev, gint64 source_id,
                                  const char *location, pl_conv_pick_fn pick, gpointer user,
                                  gint64 *event_id, GError **err)
{
    g_assert(ev->source_key && *ev->source_key);
    sqlite3_stmt *q = sq_stmt(st, S_EVENT_FIND, "SELECT id FROM event WHERE source_key = ?");
    sq_bind_text(q, 1, ev->source_key);
    gint64 known = sq_step_int64(q); /* rowids start at 1 */
    if (known) {
        *event_id = known;
        if (source_id && !record_seen(st, *event_id, source_id, location, err))
            return PL_ADD_FAILED;
        return PL_ADD_DUPLICATE;
    }
    /* Identities first: the conversation is chosen from them, and the row
     * is written once with it (not inserted, then updated into it). */
    guint n_parts = ev->participants ? ev->participants->len : 0;
    gint64 ids_inline[16];
    gint64 *ids = n_parts <= G_N_ELEMENTS(ids_inline) ? ids_inline : g_new(gint64, n_parts);
    gint64 conv = 0;
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < n_parts; i++)
        ok = (ids[i] = identity_id(st, &g_array_index(ev->participants, pl_participant, i), err)) !=
             0;
    ok = ok && (!pick || pick(st, ev, ids, n_parts, user, &conv, err));
    if (!ok) {
        if (ids != ids_inline)
            g_free(ids);
        return PL_ADD_FAILED;
    }
    q = sq_stmt(st, S_EVENT_ADD,
                "INSERT INTO event(channel, direction, ts, duration_s, subject, words, bytes, "
                "source_key, message_id, flags, detect_v, detect_n, conv_id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    sqlite3_bind_int(q, 1, ev->channel);
    sqlite3_bind_int(q, 2, ev->direction);
    sqlite3_bind_int64(q, 3, ev->ts);
    sqlite3_bind_int64(q, 4, ev->duration_s);
    sq_bind_text(q, 5, ev->subject);
    sqlite3_bind_int(q, 6, (int)ev->words);
    sqlite3_bind_int64(q, 7, (gint64)ev->bytes);
    sq_bind_text(q, 8, ev->source_key);
    sq_bind_text(q, 9, ev->message_id);
    sqlite3_bind_int(q, 10, (int)ev->flags);
    /* Detection is done when the adapter ran it, or when there is no text
     * to run it on (and never will be: an event is added once). */
    guint n_found = ev->detected ? ev->detected->len : 0;
    if (ev->detected_done || !ev->body)
        sqlite3_bind_int(q, 11, PL_DETECT_VERSION);
    else
        sqlite3_bind_null(q, 11);
    sqlite3_bind_int(q, 12, (int)n_found);
    if (conv)
        sqlite3_bind_int64(q, 13, conv);
    else
        sqlite3_bind_null(q, 13);
    if (!sq_step_done(st, q, err, "adding event")) {
        if (ids != ids_inline)
            g_free(ids);
        return PL_ADD_FAILED;
    }
    gint64 id = sqlite3_last_insert_rowid(DB(st));
    *event_id = id;
    ok = !conv || sq_conv_touched(st, conv, err);
    for (guint i = 0; ok && i < n_found; i++) {
        const pl_detected *d = &g_array_index(ev->detected, pl_detected, i);
        q = sq_stmt(st, S_SENTENCE_ADD,
                    "INSERT INTO event_sentence(event_id, n, kind, sentence, due_ts) "
                    "VALUES (?,?,?,?,?)");
        sqlite3_bind_int64(q, 1, id);
        sqlite3_bind_int(q, 2, (int)i);
        sqlite3_bind_int(q, 3, d->kind);
        sq_bind_text(q, 4, d->sentence);
        if (d->due_ts)
            sqlite3_bind_int64(q, 5, d->due_ts);
        else
            sqlite3_bind_null(q, 5);
        ok = sq_step_done(st, q, err, "adding a detected sentence");
    }
    if (ok && ev->body) {
        q = sq_stmt(st, S_BODY_ADD, "INSERT INTO event_body(event_id, body) VALUES (?, ?)");
        sqlite3_bind_int64(q, 1, id);
        sq_bind_text(q, 2, ev->body);
        ok = sq_step_done(st, q, err, "adding body");
    }
    if (ok && (ev->subject || ev->body)) {
        ok = sq_text_start(st, err);
        /* The index holds what the author wrote, not the quotes of earlier
         * messages: each message is found by its own words, and a thread's
         * text is not indexed once per reply. */
        if (ok)
            text_indexer_push(((sqlite_store *)st)->text, id, ev->subject,
                              ev->text_own ? ev->text_own : ev->body);
    }
    for (guint i = 0; ok && i < n_parts; i++) {
        const pl_participant *p = &g_array_index(ev->participants, pl_participant, i);
        q = sq_stmt(
            st, S_PART_ADD,
            "INSERT OR IGNORE INTO participant(event_id, identity_id, role) VALUES (?,?,?)");
        sqlite3_bind_int64(q, 1, id);
        sqlite3_bind_int64(q, 2, ids[i]);
        sqlite3_bind_int(q, 3, p->role);
        ok = sq_step_done(st, q, err, "adding participant");
    }
    if (ids != ids_inline)
        g_free(ids);
    if (!ok || (source_id && !record_seen(st, id, source_id, location, err)))
        return PL_ADD_FAILED;
    return PL_ADD_NEW;
}

gint64 sq_step_int64(sqlite3_stmt *q)
{
    gint64 v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    return v;
}

gint64 sq_scalar(pl_store *st, const char *sql)
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
        return sq_scalar(st, "SELECT count(*) FROM event");
    char *sql = g_strdup_printf("SELECT count(*) FROM event WHERE channel = %d", channel);
    gint64 v = sq_scalar(st, sql);
    g_free(sql);
    return v;
}

static pl_store *sq_reader_open(pl_store *st, GError **err);

static const pl_store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .reader_open = sq_reader_open,
    .schema_version = sq_schema_version,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .meta_get = sq_meta_get,
    .meta_set = sq_meta_set,
    .source_id = sq_source_id,
    .file_unchanged = sq_file_unchanged,
    .file_mark = sq_file_mark,
    .sync_state_get = sq_sync_state_get,
    .sync_state_set = sq_sync_state_set,
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
    .response_runs = sq_response_runs,
    .response_automated = sq_response_automated,
    .rule_set = sq_rule_set,
    .rule_each = sq_rule_each,
    .identity_each = sq_identity_each,
    .org_domain_each = sq_org_domain_each,
    .org_upsert = sq_org_upsert,
    .person_upsert = sq_person_upsert,
    .identity_link = sq_identity_link,
    .person_each = sq_person_each,
    .call_put = sq_call_put,
    .call_add_batch = sq_call_add_batch,
    .call_each = sq_call_each,
    .touch_each = sq_touch_each,
    .touch_last = sq_touch_last,
    .marks_flush = sq_marks_flush,
    .conv_touch_save = sq_conv_touch_save,
    .contact_mark_dirty = sq_contact_mark_dirty,
    .contact_dirty_keys = sq_contact_dirty_keys,
    .contact_rows = sq_contact_rows,
    .contact_summary_set = sq_contact_summary_set,
    .contact_summary_each = sq_contact_summary_each,
    .conv_touch_verify = sq_conv_touch_verify,
    .sig_number_add = sq_sig_number_add,
    .sig_each = sq_sig_each,
    .sig_link_set = sq_sig_link_set,
    .sig_person = sq_sig_person,
    .sig_person_sweep = sq_sig_person_sweep,
    .contact_find = sq_contact_find,
    .identity_last_ts = sq_identity_last_ts,
    .identity_ensure = sq_identity_ensure,
    .event_load = sq_event_load,
    .event_last = sq_event_last,
    .chat_session_near = sq_chat_session_near,
    .chat_room_used = sq_chat_room_used,
    .conv_touch = sq_conv_touch,
    .chat_known = sq_chat_known,
    .chat_add_batch = sq_chat_add_batch,
    .item_add = sq_item_add,
    .item_close = sq_item_close,
    .item_each = sq_item_each,
    .event_texts = sq_event_texts,
    .event_sentence_each = sq_event_sentence_each,
    .event_sentences_put = sq_event_sentences_put,
    .item_detected_each = sq_item_detected_each,
    .item_detected_apply = sq_item_detected_apply,
    .fact_add = sq_fact_add,
    .fact_each = sq_fact_each,
    .keyword_pending = sq_keyword_pending,
    .keyword_put = sq_keyword_put,
    .keyword_reset = sq_keyword_reset,
    .term_each = sq_term_each,
    .term_max_id = sq_term_max_id,
    .brief_each = sq_brief_each,
    .identity_names = sq_identity_names,
};

/* A read-only connection for another thread (store.h): it sees what is
 * committed, and WAL lets it read while this one writes. An in-memory
 * database has no second connection to give. */
static pl_store *sq_reader_open(pl_store *st, GError **err)
{
    const char *path = st->spec;
    if (!path || !*path || strcmp(path, ":memory:") == 0 || g_str_has_prefix(path, "file:"))
        return NULL;
    sqlite_store *s = g_new0(sqlite_store, 1);
    s->base.ops = &sqlite_ops;
    s->base.spec = g_strdup(path);
    s->ident_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    pl_store *r = &s->base;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
            SQLITE_OK ||
        !sq_exec(r, "PRAGMA cache_size=-16000; PRAGMA temp_store=MEMORY;", err)) {
        if (err && !*err)
            g_set_error(err, PARLEY_ERROR, PL_ERR_STORE, "cannot open database %s: %s", path,
                        s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sq_close(r);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 10000);
    return r;
}

pl_store *pl_store_sqlite_open(const char *path, GError **err)
{
    /* Memory statistics cost a global mutex on every allocation, shared by
     * the main and the text-index connections; parley never reads them. */
    static gsize configured;
    if (g_once_init_enter(&configured)) {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        g_once_init_leave(&configured, 1);
    }
    sqlite_store *s = g_new0(sqlite_store, 1);
    s->base.ops = &sqlite_ops;
    s->base.spec = g_strdup(path);
    s->ident_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    pl_store *st = &s->base;
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_STORE, "cannot open database %s: %s", path,
                    s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sq_close(st);
        return NULL;
    }
    /* NOMUTEX: each connection is used by one thread only (the text index
     * has its own), so SQLite's per-call locking is pure overhead. */
    sqlite3_busy_timeout(s->db, 10000);
    /* WAL: readers (reports, the dashboard) never block an ingest. NORMAL
     * sync is durable across application crashes, which is what an
     * interrupted ingest needs. 16 KiB pages (a new store's; an existing
     * one keeps its own): the imports append to a dozen b-trees at once,
     * and bigger pages mean fewer splits, WAL frames and checkpoint writes
     * (chat import -6 % wall against 4 KiB). */
    if (!sq_exec(st,
                 "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                 "PRAGMA foreign_keys=OFF;"
                 "PRAGMA cache_size=-16000; PRAGMA temp_store=MEMORY;",
                 err)) {
        sq_close(st);
        return NULL;
    }
    s->page_size = (int)sq_scalar(st, "PRAGMA page_size");
    if (s->page_size < 512 || sq_autocheckpoint(s->db, s->page_size) != SQLITE_OK) {
        sq_fail(st, err, "setting up the write-ahead log");
        sq_close(st);
        return NULL;
    }
    if (!migrate(st, err)) {
        sq_close(st);
        return NULL;
    }
    return st;
}
