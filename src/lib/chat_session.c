/* chat_session.c — chat messages grouped into sessions: consecutive
 * messages of one room with gaps shorter than [chat] session-gap-minutes
 * are one conversation.
 *
 * Each room's open session is kept in memory while a run reads its files,
 * so the usual case (messages in time order) costs no query. A message
 * outside the open session's span asks the store for a session near its
 * time (an earlier import, a file given out of order) before starting a
 * new one, and joins the sessions before and after it when it closes the
 * gap between them, so the grouping does not depend on import order. A
 * room the store held nothing of before this run, whose messages came in
 * time order, cannot have a stored session near a new one: the open
 * session is all there is, and the store is not asked.
 *
 * A session that is this run's own — started here, its messages in time
 * order, never joined with another — has its aggregates folded as its
 * messages are written (pl_conv_one_event, the rules of a refresh) and is
 * finished when it closes: its conversation saved and its questions and
 * promises decided (pl_items_detect), so the refresh after the import has
 * nothing to read back. Until then its conversation stays marked dirty, so
 * an interrupted import leaves it to the next refresh. Every other session
 * (one found in the store, joined, or out of order) is marked dirty and
 * left to the refresh, which reads it whole.
 */
#include "chat.h"

#include "items_detect.h"

#include <string.h>

/* Events a session keeps for its open items before it leaves them to the
 * refresh instead: bounds memory for a room that never falls silent. */
#define KEPT_MAX 100000

typedef struct {
    gint64 first, last, conv;
    pl_conv_fold *fold; /* NULL: not this run's own (the refresh computes it) */
    GArray *kept;       /* pl_detect_event: what open items depend on */
    gboolean sentences; /* kept holds an event with sentences */
} session;

typedef struct {
    session *open;
    gboolean history; /* the room had messages in the store before this run */
    gboolean ordered; /* every new message of this run came in time order */
    gint64 run_max;   /* the newest of them */
} room_state;

struct chat_sessions {
    pl_store *st;
    const pl_config *cfg;
    gint64 gap;
    pl_conv_one *conv;
    gboolean (*flush)(gpointer, GError **);
    gpointer flush_user;
    GHashTable *rooms;   /* room -> room_state */
    GHashTable *by_conv; /* conversation id -> open or closed session */
    GPtrArray *closed;   /* session: finished once their messages are written */
};

static void session_disown(session *o)
{
    pl_conv_fold_free(o->fold);
    o->fold = NULL;
    if (o->kept)
        g_array_free(o->kept, TRUE);
    o->kept = NULL;
}

static void session_free(chat_sessions *s, session *o)
{
    if (g_hash_table_lookup(s->by_conv, &o->conv) == o)
        g_hash_table_remove(s->by_conv, &o->conv);
    session_disown(o);
    g_free(o);
}

static void room_free(gpointer p)
{
    room_state *r = p;
    g_assert(!r->open); /* closed by settle, or freed with the sessions */
    g_free(r);
}

chat_sessions *chat_sessions_new(pl_store *st, const pl_config *cfg, gint64 gap_s,
                                 pl_conv_one *conv, gboolean (*flush)(gpointer, GError **),
                                 gpointer flush_user)
{
    chat_sessions *s = g_new0(chat_sessions, 1);
    s->st = st;
    s->cfg = cfg;
    s->gap = gap_s > 0 ? gap_s : 30 * 60;
    s->conv = conv;
    s->flush = flush;
    s->flush_user = flush_user;
    s->rooms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, room_free);
    s->by_conv = g_hash_table_new(g_int64_hash, g_int64_equal);
    s->closed = g_ptr_array_new();
    return s;
}

void chat_sessions_free(chat_sessions *s)
{
    if (!s)
        return;
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, s->rooms);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        room_state *r = v;
        if (r->open)
            session_free(s, r->open);
        r->open = NULL;
    }
    for (guint i = 0; i < s->closed->len; i++)
        session_free(s, s->closed->pdata[i]);
    g_ptr_array_free(s->closed, TRUE);
    g_hash_table_destroy(s->rooms);
    g_hash_table_destroy(s->by_conv);
    g_free(s);
}

/* Saves the sessions closed since the last call (those of this run's own)
 * and decides their open items, all in one pass. */
static gboolean finish_closed(chat_sessions *s, GError **err)
{
    pl_store *st = s->st;
    gboolean ok = TRUE;
    GArray *kept = NULL;
    for (guint i = 0; i < s->closed->len; i++) {
        session *o = s->closed->pdata[i];
        if (ok && o->fold) {
            pl_conv_summary sum;
            pl_conv_fold_finish(s->conv, o->fold, &sum);
            ok = st->ops->conv_save(st, &sum, err);
            if (o->sentences) {
                if (!kept)
                    kept = g_array_new(FALSE, FALSE, sizeof(pl_detect_event));
                g_array_append_vals(kept, o->kept->data, o->kept->len);
            }
        }
        session_free(s, o);
    }
    g_ptr_array_set_size(s->closed, 0);
    if (kept) {
        ok = ok && pl_items_detect(st, s->cfg, kept, TRUE, err);
        g_array_free(kept, TRUE);
    }
    return ok;
}

/* Before the store is read or changed: every message held back is written
 * (the writer's flush ends with chat_sessions_written, which finishes the
 * sessions closed meanwhile). */
static gboolean need_store(chat_sessions *s, GError **err)
{
    return s->flush(s->flush_user, err);
}

/* No longer this run's own: the refresh computes it from the store. */
static void disown_conv(chat_sessions *s, gint64 conv)
{
    session *o = g_hash_table_lookup(s->by_conv, &conv);
    if (o)
        session_disown(o);
}

static gboolean merge(chat_sessions *s, gint64 from, gint64 into, GError **err)
{
    disown_conv(s, from);
    disown_conv(s, into);
    return s->st->ops->conv_merge(s->st, from, into, err);
}

/* Joins an open session, now complete in memory, with stored sessions
 * less than a gap before its first or after its last message (read from
 * files imported earlier, newer files first for instance). */
static gboolean settle(chat_sessions *s, const char *room, session *o, GError **err)
{
    pl_store *st = s->st;
    gint64 next = st->ops->chat_session_near(st, room, o->last, s->gap, 1, o->conv);
    if (next && !merge(s, next, o->conv, err))
        return FALSE;
    gint64 prev = st->ops->chat_session_near(st, room, o->first, s->gap, -1, o->conv);
    if (prev && !merge(s, prev, o->conv, err))
        return FALSE;
    return TRUE;
}

/* Whether the store may hold a session of the room near a new one. */
static gboolean may_meet(const room_state *r)
{
    return r->history || !r->ordered;
}

/* The open session is complete: joined with its neighbours in the store,
 * then finished once its last messages are written. */
static gboolean close_open(chat_sessions *s, const char *room, room_state *r, GError **err)
{
    session *o = r->open;
    r->open = NULL;
    if (may_meet(r) && !(need_store(s, err) && settle(s, room, o, err))) {
        session_free(s, o);
        return FALSE;
    }
    g_ptr_array_add(s->closed, o);
    return TRUE;
}

gboolean chat_sessions_settle(chat_sessions *s, GError **err)
{
    GHashTableIter it;
    gpointer k, v;
    gboolean ok = TRUE;
    g_hash_table_iter_init(&it, s->rooms);
    while (ok && g_hash_table_iter_next(&it, &k, &v)) {
        room_state *r = v;
        if (r->open)
            ok = close_open(s, k, r, err);
    }
    return ok && need_store(s, err);
}

gint64 chat_session_conv(chat_sessions *s, const char *room, gint64 ts, GError **err)
{
    pl_store *st = s->st;
    room_state *r = g_hash_table_lookup(s->rooms, room);
    if (!r) {
        /* Nothing of this run is in the store for this room yet. */
        r = g_new0(room_state, 1);
        r->history = st->ops->chat_room_used(st, room);
        r->ordered = TRUE;
        r->run_max = G_MININT64;
        g_hash_table_insert(s->rooms, g_strdup(room), r);
    }
    if (ts < r->run_max)
        r->ordered = FALSE;
    r->run_max = MAX(r->run_max, ts);
    session *o = r->open;
    if (o && ts > o->first - s->gap && ts < o->last + s->gap) {
        if (ts < o->last)
            session_disown(o); /* its events no longer arrive in conversation order */
        o->first = MIN(o->first, ts);
        o->last = MAX(o->last, ts);
        return o->conv;
    }
    if (o && !close_open(s, room, r, err))
        return 0;
    gint64 before = 0, after = 0;
    if (may_meet(r)) {
        if (!need_store(s, err))
            return 0;
        before = st->ops->chat_session_near(st, room, ts, s->gap, -1, 0);
        after = st->ops->chat_session_near(st, room, ts, s->gap, 1, 0);
        /* A message that closes the gap between two sessions joins them. */
        if (before && after && before != after && !merge(s, after, before, err))
            return 0;
    }
    gint64 conv = before ? before : after;
    gboolean own = !conv;
    if (conv) {
        disown_conv(s, conv);
        if (!st->ops->conv_touch(st, conv, err))
            return 0;
    } else if (!(conv = st->ops->conv_new(st, PL_CH_CHAT, NULL, ts, err))) {
        return 0;
    }
    o = g_new0(session, 1);
    /* The span of a session found in the store is not known here; starting
     * from this message is safe (the next outside it asks the store again). */
    o->first = o->last = ts;
    o->conv = conv;
    if (own) {
        o->fold = pl_conv_fold_new(conv);
        o->kept = g_array_new(FALSE, FALSE, sizeof(pl_detect_event));
    }
    r->open = o;
    g_hash_table_replace(s->by_conv, &o->conv, o);
    return conv;
}

/* Mirrors items_detect.c: what a message is to the open-item rules. */
static gboolean with_sentences(const pl_detect_event *e)
{
    return e->detect_n > 0 && (e->channel == PL_CH_EMAIL || e->channel == PL_CH_CHAT) &&
           (e->direction == PL_DIR_IN || e->direction == PL_DIR_OUT) &&
           !(e->flags & PL_EV_AUTOMATED);
}

static gboolean answers(const pl_detect_event *e)
{
    return e->direction == PL_DIR_OUT && !(e->flags & PL_EV_AUTOMATED) &&
           (e->channel != PL_CH_CALL || (e->flags & PL_EV_HUMAN_ANSWER));
}

static gboolean asks(const pl_detect_event *e)
{
    return e->direction == PL_DIR_IN && !(e->flags & PL_EV_AUTOMATED) && e->author.identity_id;
}

/* Keeps what decides the session's open items (items_detect.c, decide()):
 * every message with sentences; the first answer of ours after them (a
 * later one answers nothing earlier); the newest inbound human message
 * before each (whom a promise is about). The rest changes nothing. */
static void keep_for_items(session *o, const pl_detect_event *e)
{
    GArray *k = o->kept;
    const pl_detect_event *last = k->len ? &g_array_index(k, pl_detect_event, k->len - 1) : NULL;
    gboolean last_bare = last && !with_sentences(last);
    if (with_sentences(e)) {
        o->sentences = TRUE;
    } else if (answers(e)) {
        if (last_bare && answers(last))
            return;
    } else if (asks(e)) {
        if (last_bare && asks(last)) {
            g_array_index(k, pl_detect_event, k->len - 1) = *e;
            return;
        }
    } else {
        return;
    }
    g_array_append_val(k, *e);
}

int chat_sessions_fold(const pl_conv_row *rows, guint n, gpointer user)
{
    chat_sessions *s = user;
    session *o = g_hash_table_lookup(s->by_conv, &rows[0].conv_id);
    if (!o || !o->fold)
        return pl_conv_one_event(s->conv, NULL, rows, n, NULL);
    pl_detect_event de;
    int direction = pl_conv_one_event(s->conv, o->fold, rows, n, &de);
    keep_for_items(o, &de);
    if (o->kept->len > KEPT_MAX)
        session_disown(o);
    return direction;
}

gboolean chat_sessions_written(chat_sessions *s, GPtrArray *became_list, GError **err)
{
    gboolean ok = TRUE;
    if (became_list && became_list->len) {
        /* An identity met as a sender and then as a room is a list in
         * every conversation it is in, and directions read it so: those
         * conversations, and every session held here, go to the refresh. */
        GHashTableIter it;
        gpointer v;
        g_hash_table_iter_init(&it, s->by_conv);
        while (g_hash_table_iter_next(&it, NULL, &v))
            session_disown(v);
        for (guint i = 0; ok && i < became_list->len; i++)
            ok = s->st->ops->conv_mark_dirty_matching(s->st, became_list->pdata[i], err);
        g_ptr_array_set_size(became_list, 0);
    }
    return ok && finish_closed(s, err);
}
