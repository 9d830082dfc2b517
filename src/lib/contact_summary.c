/* contact_summary.c — the call list's derived per-contact data (migration
 * 010), kept up to date by the conversation refresh so that `parley
 * calllist` reads a few index ranges instead of every identity and every
 * recent participant (bench/calllist.sh).
 *
 * Two parts, both recomputable from events, identities, people and labels:
 *  - conversation touches (conv_touch): per conversation and identity, the
 *    newest event with it and the identity's contact. conversation.c writes
 *    them with the conversation's aggregates, so they follow whatever makes a
 *    conversation dirty (new events, threading merges, an identity linked to
 *    a person, labels, config). The volume window is one index range.
 *  - contact summaries: per contact its first identity, display name and
 *    whether it is a customer (classify.c over its identities). Recomputed
 *    here for the contacts marked dirty: by contacts import (person,
 *    identity link, an organisation's new category or domain), labels and
 *    config changes (the store's conv_mark_dirty_* mark their contacts too)
 *    and by refreshed conversations for what an ingest can change (a new
 *    identity of nobody's, its name, an address turning out to be a list).
 *
 * pl_contact_summary_verify() recomputes both from scratch through the old
 * full scan (store touch_each) and compares: `parley stats --verify`.
 */
#include "contact_summary.h"

#include <string.h>

#define CHUNK 2000 /* dirty contacts per pass; bounds memory */

typedef struct {
    pl_contact_sum s;
    char *name;
} sum_acc;

typedef struct {
    const pl_classifier *cls;
    GArray *sums; /* sum_acc, in contact order */
} rows_ctx;

static gint64 contact_of(const pl_touch_row *t)
{
    return t->person_id > 0 ? t->person_id : -t->identity_id;
}

/* Rows come ordered by contact, then identity: the first row of a contact
 * is its lowest identity, as the call list's tie-break wants. */
static gboolean on_row(const pl_touch_row *t, gpointer user)
{
    rows_ctx *x = user;
    gint64 id = contact_of(t);
    sum_acc *a = x->sums->len ? &g_array_index(x->sums, sum_acc, x->sums->len - 1) : NULL;
    if (!a || a->s.id != id) {
        g_assert(!a || a->s.id < id);
        sum_acc fresh = {
            .s = {.id = id, .identity_id = t->identity_id},
            .name = g_strdup(t->person ? t->person
                             : t->name ? t->name
                                       : t->value),
        };
        g_array_append_val(x->sums, fresh);
        a = &g_array_index(x->sums, sum_acc, x->sums->len - 1);
    }
    if (!a->s.customer &&
        pl_classify_person(x->cls, t->value, t->person_address, t->identity_category,
                           t->person_category, t->org_category) == PL_CAT_CUSTOMER)
        a->s.customer = TRUE;
    return TRUE;
}

gboolean pl_contact_summaries_refresh(pl_store *st, const pl_config *cfg, pl_classifier **cls,
                                      GError **err)
{
    GArray *keys = g_array_new(FALSE, FALSE, sizeof(gint64));
    rows_ctx x = {NULL, g_array_new(FALSE, FALSE, sizeof(sum_acc))};
    gboolean ok = TRUE;
    for (;;) {
        g_array_set_size(keys, 0);
        ok = st->ops->contact_dirty_keys(st, CHUNK, keys, err);
        if (!ok || !keys->len)
            break;
        if (!*cls && !(*cls = pl_classifier_new(st, cfg, err))) {
            ok = FALSE;
            break;
        }
        x.cls = *cls;
        ok = st->ops->contact_rows(st, (const gint64 *)(void *)keys->data, keys->len, on_row, &x,
                                   err);
        /* Both ascending: walk them together. A key without rows is no
         * contact (any more): its summary goes. */
        guint j = 0;
        for (guint i = 0; ok && i < keys->len; i++) {
            gint64 k = g_array_index(keys, gint64, i);
            sum_acc *a = j < x.sums->len ? &g_array_index(x.sums, sum_acc, j) : NULL;
            if (a && a->s.id == k) {
                a->s.name = a->name;
                ok = st->ops->contact_summary_set(st, k, &a->s, err);
                j++;
            } else {
                ok = st->ops->contact_summary_set(st, k, NULL, err);
            }
        }
        g_assert(!ok || j == x.sums->len);
        for (guint i = 0; i < x.sums->len; i++)
            g_free(g_array_index(x.sums, sum_acc, i).name);
        g_array_set_size(x.sums, 0);
        if (!ok)
            break;
    }
    g_array_free(x.sums, TRUE);
    g_array_free(keys, TRUE);
    return ok;
}

/* ------------------------------------------------------------ verification */

typedef struct {
    gint64 identity_id;
    char *name;
    gboolean customer;
    gint64 recent;
    gboolean seen; /* the stored summary was found */
} expect;

typedef struct {
    const pl_classifier *cls;
    GHashTable *expected; /* contact -> expect* */
    pl_summary_check *out;
    gint64 since;
    gboolean first; /* the pass that compares summaries, not only counts */
} verify_ctx;

static void expect_free(gpointer p)
{
    g_free(((expect *)p)->name);
    g_free(p);
}

static void problem(pl_summary_check *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void problem(pl_summary_check *out, const char *fmt, ...)
{
    out->contacts_wrong++;
    if (out->problems->len >= 20)
        return;
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(out->problems, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/* The reference: the call list's former scan, one row per identity. */
static gboolean on_reference(const pl_touch_row *t, gpointer user)
{
    verify_ctx *v = user;
    gint64 id = contact_of(t);
    expect *e = g_hash_table_lookup(v->expected, &id);
    if (!e) {
        e = g_new0(expect, 1);
        e->identity_id = G_MAXINT64;
        g_hash_table_insert(v->expected, g_memdup2(&id, sizeof id), e);
    }
    if (t->identity_id < e->identity_id) {
        e->identity_id = t->identity_id;
        g_free(e->name);
        e->name = g_strdup(t->person ? t->person : t->name ? t->name : t->value);
    }
    e->recent += t->recent_convs;
    if (pl_classify_person(v->cls, t->value, t->person_address, t->identity_category,
                           t->person_category, t->org_category) == PL_CAT_CUSTOMER)
        e->customer = TRUE;
    return TRUE;
}

static gboolean on_stored(const pl_contact_sum *c, gpointer user)
{
    verify_ctx *v = user;
    expect *e = g_hash_table_lookup(v->expected, &c->id);
    if (!e) {
        if (v->first)
            problem(v->out, "contact %" G_GINT64_FORMAT " (%s) is summarised but is no contact",
                    c->id, c->name ? c->name : "");
        return TRUE;
    }
    e->seen = TRUE;
    if (v->first && (e->identity_id != c->identity_id || g_strcmp0(e->name, c->name) != 0 ||
                     e->customer != c->customer))
        problem(v->out,
                "contact %" G_GINT64_FORMAT ": summary says identity %" G_GINT64_FORMAT
                ", \"%s\", customer %d; recomputed: identity %" G_GINT64_FORMAT ", \"%s\", "
                "customer %d",
                c->id, c->identity_id, c->name ? c->name : "", c->customer, e->identity_id,
                e->name ? e->name : "", e->customer);
    if (e->recent != c->recent)
        problem(v->out,
                "contact %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT
                " conversations since %" G_GINT64_FORMAT " from touches, %" G_GINT64_FORMAT
                " from events",
                c->id, c->recent, v->since, e->recent);
    return TRUE;
}

gboolean pl_contact_summary_verify(pl_store *st, const pl_config *cfg, gint64 now,
                                   pl_summary_check *out, GError **err)
{
    memset(out, 0, sizeof *out);
    out->problems = g_ptr_array_new_with_free_func(g_free);
    if (!pl_conversations_refresh(st, cfg, err))
        return FALSE;
    /* Touches of identities that are no contact (or of a stale contact)
     * show here: every column is compared. */
    out->touches_wrong = st->ops->conv_touch_verify(st, err);
    if (out->touches_wrong < 0)
        return FALSE;
    GArray *dirty = g_array_new(FALSE, FALSE, sizeof(gint64));
    gboolean ok = st->ops->contact_dirty_keys(st, 1, dirty, err);
    if (ok && dirty->len)
        problem(out, "contacts are still marked dirty after a refresh");
    g_array_free(dirty, TRUE);
    pl_classifier *cls = ok ? pl_classifier_new(st, cfg, err) : NULL;
    ok = cls != NULL;
    /* The call list's window, then the whole history. */
    const gint64 windows[] = {now - 90 * (gint64)86400, 0};
    for (size_t w = 0; ok && w < G_N_ELEMENTS(windows); w++) {
        verify_ctx v = {cls,
                        g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, expect_free),
                        out, windows[w], w == 0};
        ok = st->ops->touch_each(st, v.since, on_reference, &v, err) &&
             st->ops->contact_summary_each(st, FALSE, v.since, on_stored, &v, err);
        GHashTableIter it;
        gpointer k, e;
        g_hash_table_iter_init(&it, v.expected);
        while (ok && v.first && g_hash_table_iter_next(&it, &k, &e))
            if (!((expect *)e)->seen)
                problem(out, "contact %" G_GINT64_FORMAT " (%s) has no summary", *(gint64 *)k,
                        ((expect *)e)->name ? ((expect *)e)->name : "");
        if (v.first)
            out->contacts = g_hash_table_size(v.expected);
        g_hash_table_destroy(v.expected);
    }
    pl_classifier_free(cls);
    return ok;
}

void pl_summary_check_clear(pl_summary_check *c)
{
    if (c->problems)
        g_ptr_array_free(c->problems, TRUE);
    c->problems = NULL;
}
