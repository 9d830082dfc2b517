/* direction.c — the direction of an event relative to us (direction.h).
 *
 * One rule, two users: the refresh applies it with everything the store
 * knows of each participant; an ingest applies it to a new mail before
 * storing it, from the addresses alone, so that on a first import the
 * refresh writes no direction of its own (it used to update every event,
 * an eighth of the refresh's writes). */
#include "direction.h"

#include "classify.h"

/* Classifications kept per address: an import meets the same few hundred
 * over and over. Bounded like the store's identity cache. */
#define CACHE_MAX 65536
#define ME (-1)

struct pl_direction_guess {
    const pl_config *cfg;
    pl_classifier *cls;
    GHashTable *cats; /* address -> category + 2, or ME + 2 */
};

/* List mail goes out when one of us posts it, whoever else is on the list. */
pl_direction pl_direction_of(const pl_direction_facts *f)
{
    if (!f->has_author) /* a call with its caller ID withheld keeps the adapter's direction */
        return f->channel == PL_CH_CALL ? (pl_direction)f->direction : PL_DIR_UNKNOWN;
    if (!f->ours)
        return PL_DIR_IN;
    return (f->external_recipient || f->via_list) ? PL_DIR_OUT : PL_DIR_INTERNAL;
}

void pl_direction_facts_add(pl_direction_facts *f, pl_role role, gboolean listed, gboolean ours)
{
    if (listed) {
        f->via_list = TRUE;
    } else if (role == PL_ROLE_FROM) {
        f->has_author = TRUE;
        f->ours = ours;
    } else if (role != PL_ROLE_REPLY_TO && !ours) {
        f->external_recipient = TRUE;
    }
}

pl_direction_guess *pl_direction_guess_new(pl_store *st, const pl_config *cfg)
{
    GError *err = NULL;
    pl_classifier *cls = pl_classifier_new(st, cfg, &err);
    if (!cls) {
        g_debug("no direction guess: %s", err->message);
        g_error_free(err);
        return NULL;
    }
    pl_direction_guess *g = g_new(pl_direction_guess, 1);
    g->cfg = cfg;
    g->cls = cls;
    g->cats = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return g;
}

void pl_direction_guess_free(pl_direction_guess *g)
{
    if (!g)
        return;
    pl_classifier_free(g->cls);
    g_hash_table_destroy(g->cats);
    g_free(g);
}

/* As the refresh's row_category for an identity with no stored category,
 * person or organisation: ME for one of mine. */
static int category_of(pl_direction_guess *g, const char *value)
{
    gpointer hit = g_hash_table_lookup(g->cats, value);
    if (hit)
        return GPOINTER_TO_INT(hit) - 2;
    int c = pl_config_is_me(g->cfg, value)
                ? ME
                : (int)pl_classify_person(g->cls, value, NULL, -1, -1, -1);
    if (g_hash_table_size(g->cats) >= CACHE_MAX)
        g_hash_table_remove_all(g->cats);
    g_hash_table_insert(g->cats, g_strdup(value), GINT_TO_POINTER(c + 2));
    return c;
}

pl_direction pl_direction_guess_event(pl_direction_guess *g, const pl_event *ev)
{
    pl_direction_facts f = {.channel = ev->channel, .direction = ev->direction};
    for (guint i = 0; ev->participants && i < ev->participants->len; i++) {
        const pl_participant *p = &g_array_index(ev->participants, pl_participant, i);
        gboolean listed = p->role == PL_ROLE_LIST;
        int c = listed ? ME : category_of(g, p->value);
        pl_direction_facts_add(&f, p->role, listed, c == ME || pl_category_is_ours((pl_category)c));
    }
    return pl_direction_of(&f);
}
