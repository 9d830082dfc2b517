/* chat_session.c — chat messages grouped into sessions: consecutive
 * messages of one room with gaps shorter than [chat] session-gap-minutes
 * are one conversation.
 *
 * Each room's open session is kept in memory while a run reads its files,
 * so the usual case (messages in time order) costs no query. A message
 * outside the open session's span asks the store for a session near its
 * time (an earlier import, a file given out of order) before starting a
 * new one, and joins the sessions before and after it when it closes the
 * gap between them, so the grouping does not depend on import order.
 */
#include "chat.h"

typedef struct {
    gint64 first, last, conv;
} open_session;

struct chat_sessions {
    pl_store *st;
    gint64 gap;
    GHashTable *rooms; /* room -> open_session */
};

chat_sessions *chat_sessions_new(pl_store *st, gint64 gap_s)
{
    chat_sessions *s = g_new0(chat_sessions, 1);
    s->st = st;
    s->gap = gap_s > 0 ? gap_s : 30 * 60;
    s->rooms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return s;
}

void chat_sessions_free(chat_sessions *s)
{
    if (!s)
        return;
    g_hash_table_destroy(s->rooms);
    g_free(s);
}

/* Joins an open session, now complete in memory, with stored sessions
 * less than a gap before its first or after its last message (read from
 * files imported earlier, newer files first for instance). */
static gboolean settle(chat_sessions *s, const char *room, open_session *o, GError **err)
{
    pl_store *st = s->st;
    gint64 next = st->ops->chat_session_near(st, room, o->last, s->gap, 1, o->conv);
    if (next && !st->ops->conv_merge(st, next, o->conv, err))
        return FALSE;
    gint64 prev = st->ops->chat_session_near(st, room, o->first, s->gap, -1, o->conv);
    if (prev && !st->ops->conv_merge(st, prev, o->conv, err))
        return FALSE;
    return TRUE;
}

gboolean chat_sessions_settle(chat_sessions *s, GError **err)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, s->rooms);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (!settle(s, k, v, err))
            return FALSE;
    return TRUE;
}

gint64 chat_session_conv(chat_sessions *s, const char *room, gint64 ts, GError **err)
{
    open_session *o = g_hash_table_lookup(s->rooms, room);
    if (o && ts > o->first - s->gap && ts < o->last + s->gap) {
        o->first = MIN(o->first, ts);
        o->last = MAX(o->last, ts);
        return o->conv;
    }
    if (o && !settle(s, room, o, err))
        return 0;
    pl_store *st = s->st;
    gint64 before = st->ops->chat_session_near(st, room, ts, s->gap, -1, 0);
    gint64 after = st->ops->chat_session_near(st, room, ts, s->gap, 1, 0);
    gint64 conv = before ? before : after;
    /* A message that closes the gap between two sessions joins them. */
    if (before && after && before != after && !st->ops->conv_merge(st, after, before, err))
        return 0;
    if (!conv)
        conv = st->ops->conv_new(st, PL_CH_CHAT, NULL, ts, err);
    if (!conv)
        return 0;
    if (!o) {
        o = g_new(open_session, 1);
        g_hash_table_insert(s->rooms, g_strdup(room), o);
    }
    /* The span of a session found in the store is not known here; starting
     * from this message is safe (the next outside it asks the store again). */
    o->first = o->last = ts;
    o->conv = conv;
    return conv;
}
