/* store_sqlite_bulk.c — the bulk import paths' shared machinery
 * (store_sqlite_bulk.h: multi-row INSERTs, ids up front, the identity
 * cache, key probes) and the bulk path of a call-record import
 * (call_add_batch): millions of calls, each one event, one or two
 * participants, where it was seen, its call record and a conversation of
 * its own. Chats use the same machinery (store_sqlite_bulk_chat.c).
 *
 * What makes it cheap, measured with callgrind on the 2,000,000-row bench
 * file (README, "Call-record import"):
 *  - a call's conversation is written once with its final aggregates
 *    (computed by the caller's conv function, the rules of a refresh), not
 *    inserted empty, marked dirty, read back by the refresh and updated;
 *  - rows go in GROUP at a time through multi-row INSERT OR FAIL statements:
 *    one statement run per GROUP rows instead of one per row, and no
 *    statement journal (an ABORT statement of several rows must be able to
 *    undo itself; FAIL needs no undo, and a failure here rolls back the
 *    whole batch anyway);
 *  - ids are assigned here (max + 1, what SQLite would choose, while this
 *    connection holds the write lock), so the event row carries its
 *    conversation from the start instead of being updated;
 *  - no lookup per call when no stored key falls between the batch's
 *    smallest and largest key (one range probe of the key index): switches
 *    number calls in time order, so a new file's batches each cover a range
 *    of their own, and only repeats within the batch need a lookup;
 *  - identities, with the categories the conversation rules need, are
 *    cached across batches (bounded; dropped when another connection
 *    committed, which may have changed them, and on rollback).
 * The rows are the ones event_add + conv_new + event_set_conv + call_put and
 * a refresh would leave, id for id.
 */
#include "store_sqlite_bulk.h"

#include <string.h>

#define GROUP BULK_GROUP
#define IDENT_MAX 65536

static const char *const ins_head[BT__COUNT] = {
    [BT_CONV] = "INSERT OR FAIL INTO conversation(id, channel, subject, first_ts, last_ts,"
                " est_seconds, duration_s, n_events, n_human, n_in, n_out, me, automated, external,"
                " category, counterpart, resp_inbound_first, resp_inbound_last, resp_automated,"
                " dirty) VALUES ",
    [BT_EVENT] = "INSERT OR FAIL INTO event(id, channel, direction, ts, duration_s, bytes,"
                 " source_key, flags, conv_id) VALUES ",
    [BT_PART] = "INSERT OR FAIL INTO participant(event_id, identity_id, role) VALUES ",
    [BT_SEEN] = "INSERT OR FAIL INTO event_seen(event_id, source_id, location) VALUES ",
    [BT_CALL] = "INSERT OR FAIL INTO call(event_id, start_ts, answer_ts, end_ts, ring_s, talk_s,"
                " outcome, answered_by_human, presented_name, presented_number, presentation, line,"
                " agent, last_app, context, queue_wait_s, hangup_cause, legs) VALUES ",
    [BT_CHAT] = "INSERT OR FAIL INTO event(id, channel, direction, ts, words, bytes, source_key,"
                " flags, conv_id, detect_v, detect_n) VALUES ",
    [BT_BODY] = "INSERT OR FAIL INTO event_body(event_id, body) VALUES ",
    [BT_SENTENCE] =
        "INSERT OR FAIL INTO event_sentence(event_id, n, kind, sentence, due_ts) VALUES ",
    [BT_RUN] = SQ_RUN_COLUMNS,
};
static const char *const ins_tuple[BT__COUNT] = {
    [BT_CONV] = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
    [BT_EVENT] = "(?,?,?,?,?,?,?,?,?)",
    [BT_PART] = "(?,?,?)",
    [BT_SEEN] = "(?,?,?)",
    [BT_CALL] = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [BT_CHAT] = "(?,?,?,?,?,?,?,?,?,?,?)",
    [BT_BODY] = "(?,?)",
    [BT_SENTENCE] = "(?,?,?,?,?)",
    [BT_RUN] = SQ_RUN_TUPLE,
};
static const int ins_cols[BT__COUNT] = {
    [BT_CONV] = 19, [BT_EVENT] = 9, [BT_PART] = 3,     [BT_SEEN] = 3,           [BT_CALL] = 18,
    [BT_CHAT] = 11, [BT_BODY] = 2,  [BT_SENTENCE] = 5, [BT_RUN] = SQ_RUN_NCOLS,
};

int sq_bulk_cols(bulk_table t)
{
    return ins_cols[t];
}

/* A call waiting for its group's INSERTs. */
typedef struct {
    pl_call_add *c;
    guint key_hash;
    gint64 conv_id;
    int direction;
    pl_conv_summary sum;
    char *counterpart, *subject;
    pl_response_run run; /* when sum.n_runs: a call is at most one run, of one message */
    char *run_subject;
} pending_call;

typedef struct {
    pl_store *st;
    struct sq_bulk *b;
    gint64 source_id;
    pending_call calls[GROUP];
    guint n_calls;
    bulk_part parts[2 * GROUP];
    guint n_parts;
} group;

static sqlite3_stmt *prep(pl_store *st, const char *sql, GError **err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v3(DB(st), sql, -1, SQLITE_PREPARE_PERSISTENT, &q, NULL) != SQLITE_OK) {
        sq_fail(st, err, "preparing the bulk import");
        return NULL;
    }
    return q;
}

sqlite3_stmt *sq_bulk_insert(pl_store *st, struct sq_bulk *b, bulk_table t, guint k, GError **err)
{
    g_assert(t < BT__COUNT && k >= 1 && k <= GROUP);
    if (!b->ins[t][k]) {
        GString *sql = g_string_new(ins_head[t]);
        for (guint i = 0; i < k; i++)
            g_string_append_printf(sql, "%s%s", i ? "," : "", ins_tuple[t]);
        b->ins[t][k] = prep(st, sql->str, err);
        g_string_free(sql, TRUE);
    }
    return b->ins[t][k];
}

static void bulk_ident_free(gpointer p)
{
    bulk_ident *e = p;
    g_free(e->name);
    g_free(e->person_address);
    g_free(e);
}

struct sq_bulk *sq_bulk_get(pl_store *st, GError **err)
{
    sqlite_store *s = (sqlite_store *)st;
    if (s->bulk)
        return s->bulk;
    struct sq_bulk *b = g_new0(struct sq_bulk, 1);
    b->idents = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, bulk_ident_free);
    b->data_version_seen = -1;
    s->bulk = b;
    if (!(b->find = prep(st, "SELECT id FROM event WHERE source_key = ?", err)) ||
        !(b->in_range =
              prep(st, "SELECT 1 FROM event WHERE source_key BETWEEN ? AND ? LIMIT 1", err)) ||
        !(b->seen = prep(st,
                         "INSERT OR IGNORE INTO event_seen(event_id, source_id, location) "
                         "VALUES (?, ?, ?)",
                         err)) ||
        !(b->ident_get = prep(st,
                              "SELECT i.id, i.name IS NOT NULL, i.is_list, i.category,"
                              " pe.category, o.category, i.person_id, pe.org_id,"
                              " pe.name IS NOT NULL, i.name, " SQ_PERSON_ADDRESS(
                                  "i") " FROM identity i"
                                       " LEFT JOIN person pe ON pe.id = i.person_id"
                                       " LEFT JOIN org o ON o.id = pe.org_id"
                                       " WHERE i.kind = ? AND i.value = ?",
                              err)) ||
        !(b->ident_add =
              prep(st, "INSERT INTO identity(kind, value, name, is_list) VALUES (?,?,?,?)", err)) ||
        !(b->ident_update = prep(st,
                                 "UPDATE identity SET name = coalesce(name, ?), "
                                 "is_list = max(is_list, ?) WHERE id = ?",
                                 err)) ||
        !(b->max_event = prep(st, "SELECT coalesce(max(id), 0) FROM event", err)) ||
        !(b->max_conv = prep(st, "SELECT coalesce(max(id), 0) FROM conversation", err)) ||
        !(b->data_version = prep(st, "PRAGMA data_version", err)) ||
        /* What a refresh keeps for the call list (migration 010), set-wise
         * for the events of a batch (ids ?1 to ?2): each participant's
         * touch of its conversation, and the contacts whose summary the
         * refresh at the end of the import must (re)make: an identity of
         * nobody's (new, or newly named), a person without a name of its
         * own, a list — the rows a refresh's add_touch() marks. A chat
         * session spans batches: a touch only moves forward. */
        !(b->touches = prep(st,
                            "INSERT INTO conv_touch(conv_id, identity_id, contact, last_ts)"
                            " SELECT e.conv_id, p.identity_id, coalesce(i.person_id, -i.id),"
                            " max(e.ts) FROM event e JOIN participant p ON p.event_id = e.id"
                            " JOIN identity i ON i.id = p.identity_id"
                            " WHERE e.id BETWEEN ?1 AND ?2 GROUP BY e.conv_id, p.identity_id"
                            " ON CONFLICT(conv_id, identity_id) DO UPDATE SET"
                            " contact = excluded.contact,"
                            " last_ts = max(last_ts, excluded.last_ts)",
                            err)) ||
        !(b->contacts = prep(st,
                             "INSERT OR IGNORE INTO contact_dirty(id)"
                             " SELECT DISTINCT coalesce(i.person_id, -i.id) FROM participant p"
                             " JOIN identity i ON i.id = p.identity_id"
                             " LEFT JOIN person pe ON pe.id = i.person_id"
                             " WHERE p.event_id BETWEEN ?1 AND ?2"
                             " AND (i.person_id IS NULL OR pe.name IS NULL OR i.is_list = 1)",
                             err)))
        return NULL;
    return b;
}

void sq_bulk_free(struct sq_bulk *b)
{
    if (!b)
        return;
    for (int t = 0; t < BT__COUNT; t++)
        for (int k = 0; k <= GROUP; k++)
            sqlite3_finalize(b->ins[t][k]);
    sqlite3_stmt *one[] = {b->find,         b->in_range,     b->seen,      b->ident_get,
                           b->ident_add,    b->ident_update, b->max_event, b->max_conv,
                           b->data_version, b->touches,      b->contacts};
    for (size_t i = 0; i < G_N_ELEMENTS(one); i++)
        sqlite3_finalize(one[i]);
    g_hash_table_destroy(b->idents);
    g_free(b);
}

gboolean sq_bulk_parts(pl_store *st, struct sq_bulk *b, const bulk_part *parts, guint n,
                       GError **err)
{
    for (guint from = 0; from < n; from += GROUP) {
        guint k = MIN(GROUP, n - from);
        sqlite3_stmt *q = sq_bulk_insert(st, b, BT_PART, k, err);
        if (!q)
            return FALSE;
        for (guint i = 0; i < k; i++) {
            const bulk_part *pp = &parts[from + i];
            int o = (int)i * ins_cols[BT_PART];
            sqlite3_bind_int64(q, o + 1, pp->event_id);
            sqlite3_bind_int64(q, o + 2, pp->identity_id);
            sqlite3_bind_int(q, o + 3, pp->role);
        }
        if (!sq_bulk_step(st, q, err, "adding participants"))
            return FALSE;
    }
    return TRUE;
}

void sq_bulk_trim(struct sq_bulk *b)
{
    if (g_hash_table_size(b->idents) >= IDENT_MAX)
        g_hash_table_remove_all(b->idents);
}

gboolean sq_bulk_summaries(pl_store *st, struct sq_bulk *b, gint64 first_event, gint64 last_event,
                           GError **err)
{
    if (last_event < first_event)
        return TRUE;
    sqlite3_stmt *sets[] = {b->touches, b->contacts};
    for (size_t k = 0; k < G_N_ELEMENTS(sets); k++) {
        sqlite3_bind_int64(sets[k], 1, first_event);
        sqlite3_bind_int64(sets[k], 2, last_event);
        if (!sq_bulk_step(st, sets[k], err, "keeping the call list's summaries"))
            return FALSE;
    }
    return TRUE;
}

void sq_bulk_forget(struct sq_bulk *b)
{
    if (b)
        g_hash_table_remove_all(b->idents);
}

static gint64 scalar(pl_store *st, sqlite3_stmt *q, GError **err)
{
    gint64 v = -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    else
        sq_fail(st, err, "reading the store");
    sqlite3_reset(q);
    return v;
}

gboolean sq_bulk_step(pl_store *st, sqlite3_stmt *q, GError **err, const char *what)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_fail(st, err, what);
    return TRUE;
}

pl_conv_row sq_bulk_row(const pl_participant *pa, const bulk_ident *id)
{
    return (pl_conv_row){.identity = pa->value,
                         .identity_id = id->id,
                         .identity_kind = pa->kind,
                         .role = pa->role,
                         .is_list = id->is_list,
                         .identity_category = id->icat,
                         .person_category = id->pcat,
                         .org_category = id->ocat,
                         .person_id = id->person_id,
                         .org_id = id->org_id,
                         .person_named = id->person_named,
                         .person_address = id->person_address,
                         .identity_name = id->name};
}

void sq_bulk_bind_opt(sqlite3_stmt *q, int i, gint64 v, gint64 none)
{
    if (v == none)
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_int64(q, i, v);
}

gint64 sq_bulk_start(pl_store *st, struct sq_bulk *b, GError **err)
{
    /* Another connection's commit may have changed identities (contacts). */
    gint64 dv = scalar(st, b->data_version, err);
    if (dv < 0)
        return 0;
    if (dv != b->data_version_seen)
        g_hash_table_remove_all(b->idents);
    b->data_version_seen = dv;
    gint64 max = scalar(st, b->max_event, err);
    return max < 0 ? 0 : max + 1;
}

gint64 sq_bulk_next_conv(pl_store *st, struct sq_bulk *b, GError **err)
{
    gint64 max = scalar(st, b->max_conv, err);
    return max < 0 ? 0 : max + 1;
}

gboolean sq_bulk_range_empty(pl_store *st, struct sq_bulk *b, const char *lo, const char *hi,
                             gboolean *empty, GError **err)
{
    sqlite3_bind_text(b->in_range, 1, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(b->in_range, 2, hi, -1, SQLITE_STATIC);
    int rc = sqlite3_step(b->in_range);
    sqlite3_reset(b->in_range);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sq_fail(st, err, "looking up events");
    *empty = rc == SQLITE_DONE;
    return TRUE;
}

gint64 sq_bulk_find(pl_store *st, struct sq_bulk *b, const char *key, GError **err)
{
    sqlite3_stmt *q = b->find;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    gint64 id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sq_fail(st, err, "looking up an event");
        return -1;
    }
    return id;
}

gboolean sq_bulk_seen(pl_store *st, struct sq_bulk *b, gint64 event_id, gint64 source_id,
                      const char *location, GError **err)
{
    sqlite3_stmt *s = b->seen;
    sqlite3_bind_int64(s, 1, event_id);
    sqlite3_bind_int64(s, 2, source_id);
    sqlite3_bind_text(s, 3, location ? location : "", -1, SQLITE_STATIC);
    return sq_bulk_step(st, s, err, "recording where an event was seen");
}

const bulk_ident *sq_bulk_ident(pl_store *st, struct sq_bulk *b, const pl_participant *p,
                                gboolean *became_list, GError **err)
{
    gsize vlen = strlen(p->value);
    char stack[128];
    char *key = vlen + 3 <= sizeof stack ? stack : g_malloc(vlen + 3);
    key[0] = (char)('0' + p->kind);
    key[1] = ':';
    memcpy(key + 2, p->value, vlen + 1);
    bulk_ident *e = g_hash_table_lookup(b->idents, key);
    gboolean wants_list = p->role == PL_ROLE_LIST;
    if (became_list)
        *became_list = FALSE;
    if (!e) {
        bulk_ident found = {.icat = -1, .pcat = -1, .ocat = -1};
        sqlite3_stmt *q = b->ident_get;
        sqlite3_bind_int(q, 1, p->kind);
        sqlite3_bind_text(q, 2, p->value, (int)vlen, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            found.id = sqlite3_column_int64(q, 0);
            found.has_name = sqlite3_column_int(q, 1);
            found.is_list = sqlite3_column_int(q, 2);
            found.icat = sq_col_cat(q, 3);
            found.pcat = sq_col_cat(q, 4);
            found.ocat = sq_col_cat(q, 5);
            found.person_id = sqlite3_column_int64(q, 6);
            found.org_id = sqlite3_column_int64(q, 7);
            found.person_named = sqlite3_column_int(q, 8);
            found.name = g_strdup((const char *)sqlite3_column_text(q, 9));
            found.person_address = g_strdup((const char *)sqlite3_column_text(q, 10));
        }
        sqlite3_reset(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            sq_fail(st, err, "reading identity");
            goto fail;
        }
        if (!found.id) {
            q = b->ident_add;
            sqlite3_bind_int(q, 1, p->kind);
            sqlite3_bind_text(q, 2, p->value, (int)vlen, SQLITE_STATIC);
            sq_bind_text(q, 3, p->name);
            sqlite3_bind_int(q, 4, wants_list);
            if (!sq_bulk_step(st, q, err, "adding identity"))
                goto fail;
            found.id = sqlite3_last_insert_rowid(DB(st));
            found.has_name = p->name != NULL;
            found.is_list = wants_list;
            found.name = g_strdup(p->name);
        }
        e = g_memdup2(&found, sizeof found);
        g_hash_table_insert(b->idents, g_strdup(key), e);
        if (rc != SQLITE_ROW)
            goto done; /* just added with this name */
    }
    if ((!e->has_name && p->name) || (!e->is_list && wants_list)) {
        sqlite3_stmt *u = b->ident_update;
        sq_bind_text(u, 1, p->name);
        sqlite3_bind_int(u, 2, wants_list);
        sqlite3_bind_int64(u, 3, e->id);
        if (!sq_bulk_step(st, u, err, "updating identity"))
            goto fail;
        if (became_list && !e->is_list && wants_list)
            *became_list = TRUE;
        if (!e->has_name && p->name)
            e->name = g_strdup(p->name);
        e->has_name |= p->name != NULL;
        e->is_list |= wants_list;
    }
done:
    if (key != stack)
        g_free(key);
    return e;
fail:
    if (key != stack)
        g_free(key);
    return NULL;
}

/* Writes the calls of the group, table by table. */
static gboolean group_flush(group *g, GError **err)
{
    pl_store *st = g->st;
    struct sq_bulk *b = g->b;
    guint k = g->n_calls;
    gboolean ok = TRUE;
    if (!k)
        return TRUE;
    sqlite3_stmt *q = sq_bulk_insert(st, b, BT_CONV, k, err);
    ok = q != NULL;
    for (guint i = 0; ok && i < k; i++) {
        const pending_call *p = &g->calls[i];
        const pl_conv_summary *s = &p->sum;
        int o = (int)i * ins_cols[BT_CONV];
        sqlite3_bind_int64(q, o + 1, p->conv_id);
        sqlite3_bind_int(q, o + 2, PL_CH_CALL);
        sq_bind_text(q, o + 3, p->subject);
        sqlite3_bind_int64(q, o + 4, s->first_ts);
        sqlite3_bind_int64(q, o + 5, s->last_ts);
        sqlite3_bind_int64(q, o + 6, s->est_seconds);
        sqlite3_bind_int64(q, o + 7, s->duration_s);
        sqlite3_bind_int(q, o + 8, s->n_events);
        sqlite3_bind_int(q, o + 9, s->n_human);
        sqlite3_bind_int(q, o + 10, s->n_in);
        sqlite3_bind_int(q, o + 11, s->n_out);
        sqlite3_bind_int(q, o + 12, s->me);
        sqlite3_bind_int(q, o + 13, s->automated);
        sqlite3_bind_int(q, o + 14, s->external);
        sqlite3_bind_int(q, o + 15, s->category);
        sq_bind_text(q, o + 16, p->counterpart);
        sqlite3_bind_int64(q, o + 17, s->inbound_first_ts);
        sqlite3_bind_int64(q, o + 18, s->inbound_last_ts);
        sqlite3_bind_int(q, o + 19, s->n_automated);
    }
    ok = ok && sq_bulk_step(st, q, err, "adding conversations");

    guint n_runs = 0;
    for (guint i = 0; i < k; i++)
        n_runs += g->calls[i].sum.n_runs;
    q = ok && n_runs ? sq_bulk_insert(st, b, BT_RUN, n_runs, err) : NULL;
    ok = ok && (!n_runs || q);
    for (guint i = 0, r = 0; ok && n_runs && i < k; i++)
        if (g->calls[i].sum.n_runs)
            sq_response_run_bind(q, (int)(r++) * ins_cols[BT_RUN], &g->calls[i].run);
    ok = ok && (!n_runs || sq_bulk_step(st, q, err, "adding response runs"));

    q = ok ? sq_bulk_insert(st, b, BT_EVENT, k, err) : NULL;
    ok = q != NULL;
    for (guint i = 0; ok && i < k; i++) {
        const pending_call *p = &g->calls[i];
        const pl_call_add *c = p->c;
        int o = (int)i * ins_cols[BT_EVENT];
        sqlite3_bind_int64(q, o + 1, c->event_id);
        sqlite3_bind_int(q, o + 2, PL_CH_CALL);
        sqlite3_bind_int(q, o + 3, p->direction);
        sqlite3_bind_int64(q, o + 4, c->ts);
        sqlite3_bind_int64(q, o + 5, c->duration_s);
        sqlite3_bind_int64(q, o + 6, (gint64)c->bytes);
        sq_bind_text(q, o + 7, c->source_key);
        sqlite3_bind_int(q, o + 8, (int)c->flags);
        sqlite3_bind_int64(q, o + 9, p->conv_id);
    }
    ok = ok && sq_bulk_step(st, q, err, "adding events");

    ok = ok && sq_bulk_parts(st, b, g->parts, g->n_parts, err);

    if (ok && g->source_id) {
        q = sq_bulk_insert(st, b, BT_SEEN, k, err);
        ok = q != NULL;
        for (guint i = 0; ok && i < k; i++) {
            const pl_call_add *c = g->calls[i].c;
            int o = (int)i * ins_cols[BT_SEEN];
            sqlite3_bind_int64(q, o + 1, c->event_id);
            sqlite3_bind_int64(q, o + 2, g->source_id);
            sqlite3_bind_text(q, o + 3, c->location ? c->location : "", -1, SQLITE_STATIC);
        }
        ok = ok && sq_bulk_step(st, q, err, "recording where calls were seen");
    }

    q = ok ? sq_bulk_insert(st, b, BT_CALL, k, err) : NULL;
    ok = q != NULL;
    static const char *const pres[] = {"named", "number-only", "withheld"};
    for (guint i = 0; ok && i < k; i++) {
        const pl_call_add *ca = g->calls[i].c;
        const pl_call *c = &ca->call;
        int o = (int)i * ins_cols[BT_CALL];
        sqlite3_bind_int64(q, o + 1, ca->event_id);
        sqlite3_bind_int64(q, o + 2, c->start_ts);
        sq_bulk_bind_opt(q, o + 3, c->answer_ts, 0);
        sq_bulk_bind_opt(q, o + 4, c->end_ts, 0);
        sq_bulk_bind_opt(q, o + 5, c->ring_s, -1);
        sqlite3_bind_int64(q, o + 6, c->talk_s);
        sq_bind_text(q, o + 7, c->outcome);
        sqlite3_bind_int(q, o + 8, c->answered_by_human != 0);
        sq_bind_text(q, o + 9, c->presented_name);
        sq_bind_text(q, o + 10, c->presented_number);
        sq_bind_text(q, o + 11,
                     pres[c->presentation >= 0 && c->presentation < 3 ? c->presentation : 2]);
        sq_bind_text(q, o + 12, c->line);
        sq_bind_text(q, o + 13, c->agent);
        sq_bind_text(q, o + 14, c->last_app);
        sq_bind_text(q, o + 15, c->context);
        sq_bulk_bind_opt(q, o + 16, c->queue_wait_s, -1);
        sq_bind_text(q, o + 17, c->hangup_cause);
        sqlite3_bind_int(q, o + 18, c->legs);
    }
    ok = ok && sq_bulk_step(st, q, err, "adding calls");

    for (guint i = 0; i < k; i++) {
        g_free(g->calls[i].counterpart);
        g_free(g->calls[i].subject);
        g_free(g->calls[i].run_subject);
    }
    g->n_calls = g->n_parts = 0;
    return ok;
}

static gboolean pending_key(const group *g, const char *key, guint hash)
{
    for (guint i = 0; i < g->n_calls; i++)
        if (g->calls[i].key_hash == hash && strcmp(g->calls[i].c->source_key, key) == 0)
            return TRUE;
    return FALSE;
}

gboolean sq_call_add_batch(pl_store *st, pl_call_add *calls, guint n, gint64 source_id,
                           pl_conv_one_fn conv, gpointer conv_user, GError **err)
{
    struct sq_bulk *b = sq_bulk_get(st, err);
    if (!b)
        return FALSE;
    gint64 next_event = sq_bulk_start(st, b, err);
    gint64 next_conv = next_event > 0 ? sq_bulk_next_conv(st, b, err) : 0;
    if (next_event <= 0 || next_conv <= 0)
        return FALSE;

    /* Can any call of the batch be known already? */
    const char *lo = NULL, *hi = NULL;
    for (guint i = 0; i < n; i++) {
        g_assert(calls[i].source_key && *calls[i].source_key);
        if (!lo || strcmp(calls[i].source_key, lo) < 0)
            lo = calls[i].source_key;
        if (!hi || strcmp(calls[i].source_key, hi) > 0)
            hi = calls[i].source_key;
    }
    gboolean range_empty = FALSE;
    if (n && !sq_bulk_range_empty(st, b, lo, hi, &range_empty, err))
        return FALSE;
    GHashTable *batch_keys = g_hash_table_new(g_str_hash, g_str_equal);

    group *g = g_new0(group, 1);
    g->st = st;
    g->b = b;
    g->source_id = source_id;
    gboolean ok = TRUE;
    gint64 first_event = next_event;
    for (guint i = 0; ok && i < n; i++) {
        pl_call_add *c = &calls[i];
        g_assert(c->n_parts <= 2);
        /* Emptied only between calls: the rows of a call point into its
         * identities' entries until its aggregates are computed. */
        sq_bulk_trim(b);
        /* The same key twice in one group: the first must be in the table
         * before the second looks. */
        guint key_hash = g_str_hash(c->source_key);
        if (pending_key(g, c->source_key, key_hash) && !(ok = group_flush(g, err)))
            break;
        /* Only a key met earlier in this batch can be known when the
         * store had none in the batch's range. */
        gboolean known_here = !g_hash_table_add(batch_keys, (gpointer)c->source_key);
        gint64 known = 0;
        if (!range_empty || known_here) {
            known = sq_bulk_find(st, b, c->source_key, err);
            if (known < 0) {
                ok = FALSE;
                break;
            }
        }
        if (known) {
            c->result = PL_ADD_DUPLICATE;
            c->event_id = known;
            if (source_id)
                ok = sq_bulk_seen(st, b, known, source_id, c->location, err);
            continue;
        }
        /* The rows a refresh would read of it. */
        pl_conv_row rows[2];
        guint nrows = 0;
        c->event_id = next_event++;
        pending_call *p = &g->calls[g->n_calls];
        for (guint j = 0; ok && j < c->n_parts; j++) {
            const pl_participant *pa = &c->parts[j];
            const bulk_ident *id = sq_bulk_ident(st, b, pa, NULL, err);
            if (!id) {
                ok = FALSE;
                break;
            }
            gboolean again = FALSE; /* INSERT OR IGNORE in event_add */
            for (guint r = 0; r < nrows; r++)
                again |= rows[r].role == (int)pa->role &&
                         g->parts[g->n_parts - nrows + r].identity_id == id->id;
            if (again)
                continue;
            g->parts[g->n_parts++] = (bulk_part){c->event_id, id->id, pa->role};
            rows[nrows++] = sq_bulk_row(pa, id);
        }
        if (!ok)
            break;
        if (!nrows)
            rows[nrows++] = (pl_conv_row){.identity = NULL};
        for (guint r = 0; r < nrows; r++) {
            rows[r].conv_id = next_conv;
            rows[r].event_id = c->event_id;
            rows[r].ts = c->ts;
            rows[r].duration_s = c->duration_s;
            rows[r].channel = PL_CH_CALL;
            rows[r].direction = c->direction;
            rows[r].flags = c->flags;
        }
        /* conv_rows_dirty orders participants by role (the primary key). */
        if (nrows == 2 && rows[0].role > rows[1].role) {
            pl_conv_row t = rows[0];
            rows[0] = rows[1];
            rows[1] = t;
        }
        p->c = c;
        p->key_hash = key_hash;
        p->conv_id = next_conv++;
        conv(rows, nrows, &p->sum, &p->direction, conv_user);
        p->counterpart = g_strdup(p->sum.counterpart);
        p->subject = g_strdup(p->sum.subject);
        /* The runs point into conv's buffers, which its next call reuses. */
        g_assert(p->sum.n_runs <= 1);
        p->run_subject = NULL;
        if (p->sum.n_runs) {
            p->run = p->sum.runs[0];
            g_assert(p->run.messages == 1 && p->run.conv_id == p->conv_id);
            p->run.later_ts = NULL;
            p->run.subject = p->run_subject = g_strdup(p->sum.runs[0].subject);
        }
        p->sum.runs = NULL;
        c->result = PL_ADD_NEW;
        if (++g->n_calls == GROUP)
            ok = group_flush(g, err);
    }
    ok = ok && group_flush(g, err) && sq_bulk_summaries(st, b, first_event, next_event - 1, err);
    g_hash_table_destroy(batch_keys);
    for (guint i = 0; i < g->n_calls; i++) {
        g_free(g->calls[i].counterpart);
        g_free(g->calls[i].subject);
        g_free(g->calls[i].run_subject);
    }
    g_free(g);
    return ok;
}
