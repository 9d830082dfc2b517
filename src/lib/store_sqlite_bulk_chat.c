/* store_sqlite_bulk_chat.c — the bulk path of a chat import (chat_known,
 * chat_add_batch): millions of messages, many to a conversation (a
 * session), each one event with its text, the sentences detection found in
 * it, one or two participants (its room is its session's: migration 013)
 * and where it was seen.
 *
 * It shares the call path's machinery (store_sqlite_bulk.h): GROUP rows per
 * multi-row INSERT OR FAIL, ids assigned up front, the identity cache with
 * the categories the conversation rules read, and one range probe of the
 * key index instead of a lookup per message when no stored key falls in the
 * batch's range (a new day's log holds keys of its own). Each event is
 * written once, final: its conversation (the caller's session) and its
 * direction (the caller's fold, the rules of a refresh) are known before
 * the row goes in, so nothing is updated afterwards. The rows are the ones
 * event_add + event_set_conv and a refresh would leave, id for id.
 */
#include "store_sqlite_bulk.h"
#include "store_sqlite_text.h"

#include "detect.h"

#include <string.h>

#define GROUP BULK_GROUP
#define MAX_PARTS 3 /* sender, the other party of a direct chat, the room */

typedef struct {
    pl_chat_add *m;
    int direction;
} pending_msg;

typedef struct {
    pl_store *st;
    struct sq_bulk *b;
    gint64 source_id;
    pending_msg msgs[GROUP];
    guint n_msgs;
    bulk_part parts[MAX_PARTS * GROUP];
    guint n_parts;
    GHashTable *touches;  /* chat_touch of the batch, by (conversation, identity) */
    GHashTable *contacts; /* contacts whose summary the refresh must (re)make */
    GHashTable *rooms;    /* conversation -> its room's identity, for conversation.room_id */
} chat_group;

/* The call list's touch of an identity in a conversation (conv_touch,
 * migration 010), as a refresh's add_touch keeps it. A batch holds many
 * messages of few (session, sender) pairs: they are gathered here and
 * written once per batch, a touch only moving forward (a session spans
 * batches). */
typedef struct {
    gint64 conv_id, identity_id, contact, last_ts;
} chat_touch;

static guint touch_hash(gconstpointer p)
{
    const chat_touch *t = p;
    return (guint)(t->conv_id * 40503u) ^ (guint)t->identity_id;
}

static gboolean touch_equal(gconstpointer a, gconstpointer b)
{
    const chat_touch *x = a, *y = b;
    return x->conv_id == y->conv_id && x->identity_id == y->identity_id;
}

static void touch_add(chat_group *g, gint64 conv_id, const bulk_ident *id, gint64 ts)
{
    chat_touch k = {conv_id, id->id, id->person_id > 0 ? id->person_id : -id->id, ts};
    chat_touch *t = g_hash_table_lookup(g->touches, &k);
    if (t)
        t->last_ts = MAX(t->last_ts, ts);
    else
        g_hash_table_add(g->touches, g_memdup2(&k, sizeof k));
    /* What add_touch marks: an identity of nobody's, a person without a
     * name of its own, a list. */
    if (id->person_id <= 0 || !id->person_named || id->is_list)
        g_hash_table_add(g->contacts, g_memdup2(&k.contact, sizeof k.contact));
}

static gboolean touches_flush(chat_group *g, GError **err)
{
    pl_store *st = g->st;
    sqlite3_stmt *t = sq_stmt(st, S_CHAT_TOUCH,
                              "INSERT INTO conv_touch(conv_id, identity_id, contact, last_ts)"
                              " VALUES (?, ?, ?, ?) ON CONFLICT(conv_id, identity_id) DO UPDATE"
                              " SET contact = excluded.contact,"
                              " last_ts = max(last_ts, excluded.last_ts)");
    sqlite3_stmt *c =
        sq_stmt(st, S_CONTACT_DIRTY, "INSERT OR IGNORE INTO contact_dirty(id) VALUES (?)");
    if (!t || !c)
        return sq_fail(st, err, "preparing the call list's touches");
    GHashTableIter it;
    gpointer k;
    gboolean ok = TRUE;
    g_hash_table_iter_init(&it, g->touches);
    while (ok && g_hash_table_iter_next(&it, &k, NULL)) {
        const chat_touch *x = k;
        sqlite3_bind_int64(t, 1, x->conv_id);
        sqlite3_bind_int64(t, 2, x->identity_id);
        sqlite3_bind_int64(t, 3, x->contact);
        sqlite3_bind_int64(t, 4, x->last_ts);
        ok = sq_bulk_step(st, t, err, "keeping the call list's touches");
    }
    g_hash_table_iter_init(&it, g->contacts);
    while (ok && g_hash_table_iter_next(&it, &k, NULL)) {
        sqlite3_bind_int64(c, 1, *(const gint64 *)k);
        ok = sq_bulk_step(st, c, err, "marking contacts");
    }
    return ok;
}

/* Each session's room, once a batch: a session is one room's messages, so
 * a conversation that has one keeps it. */
static gboolean rooms_flush(chat_group *g, GError **err)
{
    pl_store *st = g->st;
    sqlite3_stmt *q = sq_stmt(
        st, S_CHAT_ROOM, "UPDATE conversation SET room_id = ?2 WHERE id = ?1 AND room_id IS NULL");
    if (!q)
        return sq_fail(st, err, "preparing the sessions' rooms");
    GHashTableIter it;
    gpointer k, v;
    gboolean ok = TRUE;
    g_hash_table_iter_init(&it, g->rooms);
    while (ok && g_hash_table_iter_next(&it, &k, &v)) {
        sqlite3_bind_int64(q, 1, *(const gint64 *)k);
        sqlite3_bind_int64(q, 2, *(const gint64 *)v);
        ok = sq_bulk_step(st, q, err, "keeping the sessions' rooms");
    }
    return ok;
}

static void room_add(chat_group *g, gint64 conv_id, gint64 identity_id)
{
    const gint64 *had = g_hash_table_lookup(g->rooms, &conv_id);
    /* chat_session_conv: a session never spans rooms. */
    g_assert(!had || *had == identity_id);
    if (!had)
        g_hash_table_insert(g->rooms, g_memdup2(&conv_id, sizeof conv_id),
                            g_memdup2(&identity_id, sizeof identity_id));
}

static gint by_hash(gconstpointer a, gconstpointer b, gpointer msgs)
{
    guint i = *(const guint *)a, j = *(const guint *)b;
    const pl_chat_add *x = (const pl_chat_add *)msgs + i, *y = (const pl_chat_add *)msgs + j;
    if (x->key_hash != y->key_hash)
        return x->key_hash < y->key_hash ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* Sets repeat_of of each message whose key an earlier one of the n has:
 * sorted by hash, repeats sit together, earliest first. */
static void find_repeats(pl_chat_add *msgs, guint n)
{
    guint *idx = g_new(guint, n);
    for (guint i = 0; i < n; i++) {
        idx[i] = i;
        msgs[i].repeat_of = NULL;
    }
    g_qsort_with_data(idx, (gint)n, sizeof *idx, by_hash, msgs);
    for (guint i = 1; i < n; i++) {
        pl_chat_add *m = &msgs[idx[i]];
        for (guint j = i; j-- > 0 && msgs[idx[j]].key_hash == m->key_hash;) {
            const pl_chat_add *e = &msgs[idx[j]];
            if (strcmp(e->source_key, m->source_key) == 0) {
                m->repeat_of = e->repeat_of ? e->repeat_of : e;
                break;
            }
        }
    }
    g_free(idx);
}

gboolean sq_chat_known(pl_store *st, pl_chat_add *msgs, guint n, gint64 source_id, GError **err)
{
    struct sq_bulk *b = sq_bulk_get(st, err);
    if (!b)
        return FALSE;
    const char *lo = NULL, *hi = NULL;
    for (guint i = 0; i < n; i++) {
        const char *k = msgs[i].source_key;
        g_assert(k && *k);
        if (!lo || strcmp(k, lo) < 0)
            lo = k;
        if (!hi || strcmp(k, hi) > 0)
            hi = k;
    }
    gboolean range_empty = FALSE;
    if (n && !sq_bulk_range_empty(st, b, lo, hi, &range_empty, err))
        return FALSE;
    find_repeats(msgs, n);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < n; i++) {
        pl_chat_add *m = &msgs[i];
        m->event_id = 0;
        if (m->repeat_of) {
            m->result = PL_ADD_DUPLICATE;
            continue;
        }
        gint64 known = range_empty ? 0 : sq_bulk_find(st, b, m->source_key, err);
        if (known < 0) {
            ok = FALSE;
        } else if (known) {
            m->result = PL_ADD_DUPLICATE;
            m->event_id = known;
            if (source_id)
                ok = sq_bulk_seen(st, b, known, source_id, m->location, err);
        } else {
            m->result = PL_ADD_NEW;
        }
    }
    return ok;
}

/* Writes the messages of the group, table by table. */
static gboolean group_flush(chat_group *g, GError **err)
{
    pl_store *st = g->st;
    struct sq_bulk *b = g->b;
    guint k = g->n_msgs;
    if (!k)
        return TRUE;
    sqlite3_stmt *q = sq_bulk_insert(st, b, BT_CHAT, k, err);
    gboolean ok = q != NULL;
    int cols = sq_bulk_cols(BT_CHAT);
    for (guint i = 0; ok && i < k; i++) {
        const pl_chat_add *m = g->msgs[i].m;
        int o = (int)i * cols;
        sqlite3_bind_int64(q, o + 1, m->event_id);
        sqlite3_bind_int(q, o + 2, PL_CH_CHAT);
        sqlite3_bind_int(q, o + 3, g->msgs[i].direction);
        sqlite3_bind_int64(q, o + 4, m->ts);
        sqlite3_bind_int(q, o + 5, (int)m->words);
        sqlite3_bind_int64(q, o + 6, (gint64)m->bytes);
        sqlite3_bind_text(q, o + 7, m->source_key, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, o + 8, (int)m->flags);
        sqlite3_bind_int64(q, o + 9, m->conv_id);
        /* As event_add: detection is done when it ran, or when there is no
         * text to run it on. */
        if (m->detected_done || !m->body)
            sqlite3_bind_int(q, o + 10, PL_DETECT_VERSION);
        else
            sqlite3_bind_null(q, o + 10);
        sqlite3_bind_int(q, o + 11, (int)m->n_sentences);
    }
    ok = ok && sq_bulk_step(st, q, err, "adding chat messages");

    /* Bodies, sentences, participants and sightings: GROUP rows a statement. */
    guint n_bodies = 0;
    const pl_chat_add *bodies[GROUP];
    for (guint i = 0; i < k; i++)
        if (g->msgs[i].m->body)
            bodies[n_bodies++] = g->msgs[i].m;
    if (ok && n_bodies) {
        q = sq_bulk_insert(st, b, BT_BODY, n_bodies, err);
        ok = q != NULL;
        for (guint i = 0; ok && i < n_bodies; i++) {
            sqlite3_bind_int64(q, 2 * (int)i + 1, bodies[i]->event_id);
            sqlite3_bind_text(q, 2 * (int)i + 2, bodies[i]->body, -1, SQLITE_STATIC);
        }
        ok = ok && sq_bulk_step(st, q, err, "adding chat text");
        text_indexer *t = ((sqlite_store *)st)->text;
        for (guint i = 0; ok && i < n_bodies; i++)
            text_indexer_push(t, bodies[i]->event_id, NULL, bodies[i]->body);
    }

    cols = sq_bulk_cols(BT_SENTENCE);
    guint in_stmt = 0;
    q = NULL;
    for (guint i = 0; ok && i < k; i++) {
        const pl_chat_add *m = g->msgs[i].m;
        for (guint j = 0; ok && j < m->n_sentences; j++) {
            if (!in_stmt) {
                /* Sentences left in the group, at most GROUP in one statement. */
                guint left = 0;
                for (guint x = i; x < k; x++)
                    left += g->msgs[x].m->n_sentences - (x == i ? j : 0);
                q = sq_bulk_insert(st, b, BT_SENTENCE, MIN(left, GROUP), err);
                if (!(ok = q != NULL))
                    break;
            }
            const pl_sentence_row *s = &m->sentences[j];
            int o = (int)in_stmt * cols;
            sqlite3_bind_int64(q, o + 1, m->event_id);
            sqlite3_bind_int(q, o + 2, (int)j);
            sqlite3_bind_int(q, o + 3, s->kind);
            sqlite3_bind_text(q, o + 4, s->sentence, -1, SQLITE_STATIC);
            sq_bulk_bind_opt(q, o + 5, s->due_ts, 0);
            if (++in_stmt == (guint)sqlite3_bind_parameter_count(q) / (guint)cols) {
                ok = sq_bulk_step(st, q, err, "adding detected sentences");
                in_stmt = 0;
            }
        }
    }
    g_assert(!ok || in_stmt == 0);

    ok = ok && sq_bulk_parts(st, b, g->parts, g->n_parts, err);

    if (ok && g->source_id) {
        q = sq_bulk_insert(st, b, BT_SEEN, k, err);
        ok = q != NULL;
        cols = sq_bulk_cols(BT_SEEN);
        for (guint i = 0; ok && i < k; i++) {
            const pl_chat_add *m = g->msgs[i].m;
            int o = (int)i * cols;
            sqlite3_bind_int64(q, o + 1, m->event_id);
            sqlite3_bind_int64(q, o + 2, g->source_id);
            sqlite3_bind_text(q, o + 3, m->location ? m->location : "", -1, SQLITE_STATIC);
        }
        ok = ok && sq_bulk_step(st, q, err, "recording where chat messages were seen");
    }
    g->n_msgs = g->n_parts = 0;
    return ok;
}

static int cmp_row(const void *a, const void *b)
{
    const pl_conv_row *x = a, *y = b;
    if (x->role != y->role)
        return x->role < y->role ? -1 : 1;
    return x->identity_id < y->identity_id ? -1 : x->identity_id > y->identity_id;
}

gboolean sq_chat_add_batch(pl_store *st, pl_chat_add *msgs, guint n, gint64 source_id,
                           pl_event_fold_fn fold, gpointer fold_user, GPtrArray *became_list,
                           GError **err)
{
    struct sq_bulk *b = sq_bulk_get(st, err);
    if (!b)
        return FALSE;
    gint64 next_event = sq_bulk_start(st, b, err);
    if (next_event <= 0)
        return FALSE;
    /* The text index catches up with what is stored before this batch's
     * rows go in, so that none of them is fed to it twice. */
    for (guint i = 0; i < n; i++)
        if (msgs[i].result == PL_ADD_NEW && msgs[i].body) {
            if (!sq_text_start(st, err))
                return FALSE;
            break;
        }
    chat_group *g = g_new0(chat_group, 1);
    g->st = st;
    g->b = b;
    g->source_id = source_id;
    gboolean ok = TRUE;
    g->touches = g_hash_table_new_full(touch_hash, touch_equal, g_free, NULL);
    g->contacts = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    g->rooms = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    for (guint i = 0; ok && i < n; i++) {
        pl_chat_add *m = &msgs[i];
        sq_bulk_trim(b);
        if (m->result == PL_ADD_DUPLICATE && m->repeat_of) {
            /* The same key twice in a batch: the first is written by now
             * (or in this group: write it first). */
            g_assert(m->repeat_of->event_id > 0);
            m->event_id = m->repeat_of->event_id;
            ok = (!source_id || group_flush(g, err)) &&
                 (!source_id || sq_bulk_seen(st, b, m->event_id, source_id, m->location, err));
            continue;
        }
        if (m->result != PL_ADD_NEW)
            continue;
        g_assert(m->conv_id > 0 && m->n_parts <= MAX_PARTS);
        m->event_id = next_event++;
        /* The rows a refresh would read of it. */
        pl_conv_row rows[MAX_PARTS];
        guint nrows = 0;
        for (guint j = 0; ok && j < m->n_parts; j++) {
            const pl_participant *pa = &m->parts[j];
            gboolean became = FALSE;
            const bulk_ident *id = sq_bulk_ident(st, b, pa, &became, err);
            if (!id) {
                ok = FALSE;
                break;
            }
            if (became && became_list)
                g_ptr_array_add(became_list, g_strdup(pa->value));
            gboolean again = FALSE; /* INSERT OR IGNORE in event_add */
            for (guint r = 0; r < nrows; r++)
                again |= rows[r].role == (int)pa->role && rows[r].identity_id == id->id;
            if (again)
                continue;
            if (pa->role == PL_ROLE_LIST)
                room_add(g, m->conv_id, id->id);
            else
                g->parts[g->n_parts++] = (bulk_part){m->event_id, id->id, pa->role};
            touch_add(g, m->conv_id, id, m->ts);
            rows[nrows++] = sq_bulk_row(pa, id);
        }
        if (!ok)
            break;
        if (!nrows)
            rows[nrows++] = (pl_conv_row){.identity = NULL};
        for (guint r = 0; r < nrows; r++) {
            rows[r].conv_id = m->conv_id;
            rows[r].event_id = m->event_id;
            rows[r].ts = m->ts;
            rows[r].channel = PL_CH_CHAT;
            rows[r].direction = PL_DIR_UNKNOWN;
            rows[r].flags = m->flags;
            rows[r].words = m->words;
            rows[r].detect_v = m->detected_done || !m->body ? PL_DETECT_VERSION : 0;
            rows[r].detect_n = (int)m->n_sentences;
        }
        /* conv_rows_dirty reads participants in primary-key order. */
        qsort(rows, nrows, sizeof rows[0], cmp_row);
        g->msgs[g->n_msgs++] = (pending_msg){m, fold(rows, nrows, fold_user)};
        if (g->n_msgs == GROUP)
            ok = group_flush(g, err);
    }
    ok = ok && group_flush(g, err) && touches_flush(g, err) && rooms_flush(g, err);
    g_hash_table_destroy(g->touches);
    g_hash_table_destroy(g->contacts);
    g_hash_table_destroy(g->rooms);
    g_free(g);
    return ok;
}
