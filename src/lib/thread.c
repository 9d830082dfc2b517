/* thread.c — JWZ threading, incremental and kept in the store.
 *
 * Each Message-ID (seen, or only referenced: a "ghost") is a node; References
 * and In-Reply-To give parent links, the last reference being the parent as in
 * JWZ. A link that would close a loop is not made, so parent chains always
 * end. A conversation is a connected component of this graph: two messages
 * are in one conversation when any chain of references joins them, even
 * through ghosts, so a missing root never splits a thread. Components only
 * ever merge, so incremental ingest gives the same result as threading all
 * mail at once, in any order.
 *
 * A message with no references at all may still be a reply (clients that drop
 * headers, forwarded copies). It joins an earlier conversation only when its
 * subject carries a reply prefix, the normalised subjects are equal and long
 * enough to mean something, the conversation was active within
 * PL_THREAD_SUBJECT_WINDOW_DAYS, and it shares a participant with it. That
 * guard keeps "Re: Question" threads of strangers apart.
 */
#include "thread.h"

#include "mail.h"

#include <string.h>

#define MAX_DEPTH 1000 /* longest parent chain we walk when checking for loops */

typedef struct {
    pl_store *st;
    GHashTable *nodes; /* msgid -> pl_node*, the nodes this message touches */
} thread_ctx;

static void node_free(gpointer p)
{
    pl_node *n = p;
    g_free(n->msgid);
    g_free(n->parent);
    g_free(n);
}

static pl_node *node(thread_ctx *t, const char *msgid)
{
    pl_node *n = g_hash_table_lookup(t->nodes, msgid);
    if (n)
        return n;
    n = g_new0(pl_node, 1);
    if (!t->st->ops->node_get(t->st, msgid, n)) {
        n->msgid = g_strdup(msgid);
        n->conv_id = 0; /* new ghost: no conversation yet */
    }
    g_hash_table_insert(t->nodes, n->msgid, n);
    return n;
}

/* TRUE when anc is start or one of start's ancestors. */
static gboolean is_ancestor(thread_ctx *t, const char *anc, const char *start)
{
    const char *cur = start;
    for (int depth = 0; cur && depth < MAX_DEPTH; depth++) {
        if (strcmp(cur, anc) == 0)
            return TRUE;
        cur = node(t, cur)->parent;
    }
    return cur != NULL; /* a chain this long is treated as a loop: do not link */
}

static void set_parent(thread_ctx *t, pl_node *child, const char *parent)
{
    if (child->parent && strcmp(child->parent, parent) == 0)
        return;
    if (is_ancestor(t, child->msgid, parent))
        return;
    g_free(child->parent);
    child->parent = g_strdup(parent);
    child->changed = TRUE;
}

static gboolean is_reply_subject(const char *s)
{
    if (!s)
        return FALSE;
    while (*s == ' ' || *s == '[') { /* "[list] Re: ..." */
        if (*s == '[') {
            const char *close = strchr(s, ']');
            if (!close)
                return FALSE;
            s = close;
        }
        s++;
    }
    static const char *const prefixes[] = {"re:", "aw:", "sv:", "vs:", "antw:", "r:", "ref:", NULL};
    for (const char *const *p = prefixes; *p; p++)
        if (g_ascii_strncasecmp(s, *p, strlen(*p)) == 0)
            return TRUE;
    return g_str_has_prefix(s, "回复") || g_str_has_prefix(s, "答复");
}

static gint64 subject_fallback(pl_store *st, const pl_event *ev, const char *norm,
                               const gint64 *identity_ids, guint n)
{
    if (!norm || g_utf8_strlen(norm, -1) < 8 || !is_reply_subject(ev->subject))
        return 0;
    gint64 win = (gint64)PL_THREAD_SUBJECT_WINDOW_DAYS * 86400;
    return st->ops->conv_by_subject(st, norm, ev->ts - win, ev->ts + win, identity_ids, n);
}

gboolean pl_thread_pick(pl_store *st, const pl_event *ev, const gint64 *identity_ids, guint n_ids,
                        gpointer user, gint64 *conv_id, GError **err)
{
    (void)user;
    thread_ctx t = {st, g_hash_table_new_full(g_str_hash, g_str_equal, NULL, node_free)};
    gboolean ok = TRUE;
    char *norm = pl_subject_normalise(ev->subject);

    /* Chain the references: each is the parent of the next. */
    const char *prev = NULL;
    for (guint i = 0; i < ev->refs->len; i++) {
        const char *r = ev->refs->pdata[i];
        pl_node *n = node(&t, r);
        if (prev && !n->parent)
            set_parent(&t, n, prev);
        prev = r;
    }
    pl_node *self = NULL;
    if (ev->message_id) {
        self = node(&t, ev->message_id);
        self->changed |= !self->has_event;
        self->has_event = TRUE;
        if (prev)
            set_parent(&t, self, prev); /* the last reference is authoritative */
    }

    /* The oldest conversation among the touched nodes absorbs the others. */
    gint64 target = 0;
    GHashTableIter it;
    pl_node *n;
    g_hash_table_iter_init(&it, t.nodes);
    while (g_hash_table_iter_next(&it, NULL, (gpointer *)&n))
        if (n->conv_id && (!target || n->conv_id < target))
            target = n->conv_id;
    if (!target && ev->refs->len == 0)
        target = subject_fallback(st, ev, norm, identity_ids, n_ids);
    if (!target)
        target = st->ops->conv_new(st, ev->channel, norm, ev->ts, err);
    if (!target)
        ok = FALSE;

    g_hash_table_iter_init(&it, t.nodes);
    while (ok && g_hash_table_iter_next(&it, NULL, (gpointer *)&n)) {
        if (n->conv_id && n->conv_id != target) {
            gint64 old = n->conv_id;
            ok = st->ops->conv_merge(st, old, target, err);
            /* Other touched nodes of the merged conversation moved too. */
            GHashTableIter j;
            pl_node *m;
            g_hash_table_iter_init(&j, t.nodes);
            while (g_hash_table_iter_next(&j, NULL, (gpointer *)&m))
                if (m->conv_id == old && m != n)
                    m->conv_id = target; /* already moved in the store */
        }
        if (n->conv_id != target) {
            n->conv_id = target;
            n->changed = TRUE;
        }
        if (n->changed)
            ok = ok && st->ops->node_put(st, n, err);
    }
    *conv_id = ok ? target : 0;
    g_free(norm);
    g_hash_table_destroy(t.nodes);
    return ok;
}
