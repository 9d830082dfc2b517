/* signature_links.c — whose a phone number from mail signatures is.
 *
 * Ingest records every (number, author address, message) found in human
 * mail (signature.c, store sig_number_add); here the store's identity links
 * are decided from all of them, again whenever a new sighting or a contacts
 * import asked for it (meta "signature-links"):
 *  - a number that contacts give a person stays theirs: contacts always win
 *    (listed as a conflict when the signatures point at someone else);
 *  - else, when every signature with it belongs to one contact — one
 *    author address, or several addresses of one person — the number joins
 *    that person; an author who is nobody's contact gets a person of their
 *    own ("sig:<address>", named as their mail is, in the organisation with
 *    their domain if contacts have one), so the calls of the number count
 *    for the author in reports and the call list;
 *  - a number in the signatures of two different contacts is nobody's (a
 *    switchboard, a shared desk) and an earlier link from signatures is
 *    undone.
 * People made this way are dissolved once no number is theirs any more.
 * The links are ordinary identity links, marked like contacts' links, so
 * conversations and call-list summaries follow (store sig_link_set).
 */
#include "signature_links.h"

#include <string.h>

#define FLAG "signature-links"

typedef struct {
    gint64 number_id, author_id, number_person, author_person;
    gboolean number_by_sig, author_by_sig;
} sighting;

static gboolean collect(const pl_sig_row *r, gpointer user)
{
    sighting s = {r->number_id,     r->author_id,     r->number_person,
                  r->author_person, r->number_by_sig, r->author_by_sig};
    g_array_append_val((GArray *)user, s);
    return TRUE;
}

static gint64 owner_of(const sighting *s)
{
    return s->author_person ? s->author_person : -s->author_id;
}

/* The sightings of one number: [from, to). */
static gboolean decide(pl_store *st, const sighting *v, guint from, guint to, GError **err)
{
    const sighting *n = &v[from];
    if (n->number_person && !n->number_by_sig)
        return TRUE; /* contacts' */
    gboolean one = TRUE;
    for (guint i = from + 1; i < to && one; i++)
        one = owner_of(&v[i]) == owner_of(n);
    if (!one)
        return !n->number_person || st->ops->sig_link_set(st, n->number_id, 0, err);
    /* A person the signatures made for the author is made again: it picks up
     * an organisation contacts have brought since. */
    gint64 target = owner_of(n) > 0 && !n->author_by_sig
                        ? owner_of(n)
                        : st->ops->sig_person(st, n->author_id, err);
    return target &&
           (target == n->number_person || st->ops->sig_link_set(st, n->number_id, target, err));
}

gboolean pl_signature_links_refresh(pl_store *st, GError **err)
{
    char *flag = st->ops->meta_get(st, FLAG);
    gboolean dirty = g_strcmp0(flag, "dirty") == 0;
    g_free(flag);
    if (!dirty)
        return TRUE;
    GArray *v = g_array_new(FALSE, FALSE, sizeof(sighting));
    gboolean ok = st->ops->sig_each(st, collect, v, err);
    const sighting *s = (const sighting *)(void *)v->data;
    for (guint i = 0; ok && i < v->len;) {
        guint j = i + 1;
        while (j < v->len && s[j].number_id == s[i].number_id)
            j++;
        ok = decide(st, s, i, j, err);
        i = j;
    }
    g_array_free(v, TRUE);
    return ok && st->ops->sig_person_sweep(st, err) && st->ops->meta_set(st, FLAG, "clean", err);
}

/* ------------------------------------------------------------- listing */

static void number_clear(gpointer p)
{
    pl_sig_number *n = p;
    g_free(n->number), g_free(n->person), g_free(n->org);
    g_ptr_array_free(n->authors, TRUE);
}

typedef struct {
    GArray *out;
} list_ctx;

static gboolean on_listed(const pl_sig_row *r, gpointer user)
{
    list_ctx *x = user;
    pl_sig_number *n = x->out->len ? &g_array_index(x->out, pl_sig_number, x->out->len - 1) : NULL;
    if (!n || strcmp(n->number, r->number) != 0) {
        pl_sig_number fresh = {
            .number = g_strdup(r->number),
            .person = g_strdup(r->number_person_name),
            .authors = g_ptr_array_new_with_free_func(g_free),
        };
        fresh.status = !r->number_person  ? PL_SIGNUM_AMBIGUOUS
                       : r->number_by_sig ? PL_SIGNUM_LINKED
                                          : PL_SIGNUM_CONTACTS;
        g_array_append_val(x->out, fresh);
        n = &g_array_index(x->out, pl_sig_number, x->out->len - 1);
    }
    gint64 owner = r->author_person ? r->author_person : -r->author_id;
    /* Contacts gave the number to someone the signatures do not point at. */
    if (n->status == PL_SIGNUM_CONTACTS && owner != r->number_person)
        n->status = PL_SIGNUM_CONFLICT;
    if (n->status == PL_SIGNUM_LINKED && !n->org && r->author_org)
        n->org = g_strdup(r->author_org);
    const char *who = r->author_person_name ? r->author_person_name : r->author_name;
    g_ptr_array_add(n->authors,
                    who ? g_strdup_printf("%s <%s>", who, r->author) : g_strdup(r->author));
    n->messages += r->messages;
    n->last_ts = MAX(n->last_ts, r->last_ts);
    return TRUE;
}

GArray *pl_signature_numbers_list(pl_store *st, const pl_config *cfg, GError **err)
{
    if (!pl_conversations_refresh(st, cfg, err))
        return NULL;
    list_ctx x = {g_array_new(FALSE, TRUE, sizeof(pl_sig_number))};
    g_array_set_clear_func(x.out, number_clear);
    gboolean ok = st->ops->sig_each(st, on_listed, &x, err);
    if (!ok) {
        g_array_free(x.out, TRUE);
        return NULL;
    }
    return x.out;
}
