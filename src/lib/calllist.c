/* calllist.c — `parley calllist`: the key customers nobody has *talked* to
 * lately. A customer is a contact (a person, or a bare address / number
 * nobody's contact) with an identity classified customer; the key ones are
 * those with the most conversations over the volume window. They are ranked
 * by days since the last voice conversation, each with the last e-mail or
 * chat, the open follow-ups and the personal facts, so a call can open with
 * something personal.
 *
 * Cost (bench/calllist.sh: 100,000 contacts): the summaries the refresh
 * keeps (contact_summary.c) are read as two index ranges — the touches of
 * the volume window and every customer, with its count (store
 * contact_summary_each) — and the top N kept in a bounded heap; only the N
 * key contacts are then read in full: their identities (contact_rows), their
 * whole history (touch_last), open items and facts. No query per contact,
 * nothing per identity or per event beyond the window's touches.
 */
#include "classify.h"
#include "store.h"

#include <string.h>

typedef struct {
    gint64 id, person_id, identity_id, org_id; /* id: person id, or -identity id */
    char *name, *org, *phone, *email;
    gint64 last_voice, last_text;
    guint recent;
    int entry; /* index in the result */
} contact;

static void contact_clear(contact *c)
{
    g_free(c->name), g_free(c->org), g_free(c->phone), g_free(c->email);
}

static gint by_volume(gconstpointer a, gconstpointer b)
{
    const contact *x = a, *y = b;
    if (x->recent != y->recent)
        return x->recent > y->recent ? -1 : 1;
    int n = g_strcmp0(x->name, y->name);
    return n ? n : (x->identity_id > y->identity_id) - (x->identity_id < y->identity_id);
}

/* Never spoken to first, then the longest silence; busier customers first. */
static gint by_silence(gconstpointer a, gconstpointer b)
{
    const contact *x = a, *y = b;
    if (x->last_voice != y->last_voice)
        return x->last_voice < y->last_voice ? -1 : 1;
    return by_volume(a, b);
}

/* The top customers by volume: a heap of at most top contacts whose root
 * is the one that would be dropped first, so each customer costs a
 * comparison with the root and most cost nothing more (no copy, no
 * allocation for those that do not make it). */
typedef struct {
    GArray *heap; /* contact */
    guint top, customers;
} pick_ctx;

static void sift_down(GArray *h, guint i)
{
    contact *v = (contact *)(void *)h->data;
    for (;;) {
        guint l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->len && by_volume(&v[l], &v[m]) > 0)
            m = l;
        if (r < h->len && by_volume(&v[r], &v[m]) > 0)
            m = r;
        if (m == i)
            return;
        contact t = v[i];
        v[i] = v[m], v[m] = t;
        i = m;
    }
}

static gboolean on_customer(const pl_contact_sum *s, gpointer user)
{
    pick_ctx *p = user;
    p->customers++;
    contact c = {
        .id = s->id,
        .person_id = MAX(s->id, 0),
        .identity_id = s->identity_id,
        .name = (char *)s->name, /* borrowed until it goes into the heap */
        .recent = (guint)MIN(s->recent, G_MAXUINT),
        .entry = -1,
    };
    GArray *h = p->heap;
    contact *v = (contact *)(void *)h->data;
    if (h->len == p->top && by_volume(&c, &v[0]) >= 0)
        return TRUE;
    c.name = g_strdup(c.name);
    if (h->len < p->top) { /* sift up */
        g_array_append_val(h, c);
        v = (contact *)(void *)h->data;
        for (guint i = h->len - 1; i > 0 && by_volume(&v[(i - 1) / 2], &v[i]) < 0;
             i = (i - 1) / 2) {
            contact t = v[i];
            v[i] = v[(i - 1) / 2], v[(i - 1) / 2] = t;
        }
    } else {
        contact_clear(&v[0]);
        v[0] = c;
        sift_down(h, 0);
    }
    return TRUE;
}

/* The listed contacts' identities: organisation, first number and address. */
typedef struct {
    GArray *list;           /* contact, by volume */
    GHashTable *by_id;      /* contact id -> index + 1 in list */
    GHashTable *identities; /* identity id -> index + 1 in list */
    GArray *ids;            /* pairs: identity id, contact id */
} detail_ctx;

static gboolean on_detail(const pl_touch_row *t, gpointer user)
{
    detail_ctx *d = user;
    gint64 id = t->person_id > 0 ? t->person_id : -t->identity_id;
    gpointer at = g_hash_table_lookup(d->by_id, &id);
    g_assert(at);
    contact *c = &g_array_index(d->list, contact, GPOINTER_TO_UINT(at) - 1);
    if (t->identity_id == c->identity_id) { /* the person's organisation */
        c->org_id = t->org_id;
        c->org = g_strdup(t->org);
    }
    if (t->kind == PL_ID_PHONE && !c->phone && !g_str_has_prefix(t->value, "ext:"))
        c->phone = g_strdup(t->value);
    if (t->kind == PL_ID_EMAIL && !c->email)
        c->email = g_strdup(t->value);
    g_hash_table_insert(d->identities, g_memdup2(&t->identity_id, sizeof(gint64)), at);
    g_array_append_val(d->ids, t->identity_id);
    g_array_append_val(d->ids, id);
    return TRUE;
}

static gboolean on_last(const pl_touch_row *t, gpointer user)
{
    detail_ctx *d = user;
    gpointer at = g_hash_table_lookup(d->identities, &t->identity_id);
    if (at) {
        contact *c = &g_array_index(d->list, contact, GPOINTER_TO_UINT(at) - 1);
        c->last_voice = MAX(c->last_voice, t->last_voice_ts);
        c->last_text = MAX(c->last_text, t->last_text_ts);
    }
    return TRUE;
}

typedef struct {
    pl_calllist *cl;
    GHashTable *by_person, *by_identity; /* id -> contact* (listed ones only) */
    GHashTable *by_org;                  /* org id -> GPtrArray of contact* */
} attach_ctx;

/* The listed contacts an item or fact is about: its person, the contact
 * its identity belongs to, or every listed person of its organisation. */
static void about_each(attach_ctx *a, const pl_target_ids *ab,
                       void (*fn)(pl_calllist_entry *e, gconstpointer data), gconstpointer data)
{
    contact *c = NULL;
    if (ab->person_id)
        c = g_hash_table_lookup(a->by_person, &ab->person_id);
    if (!c && ab->identity_id)
        c = g_hash_table_lookup(a->by_identity, &ab->identity_id);
    if (c) {
        fn(&g_array_index(a->cl->entries, pl_calllist_entry, c->entry), data);
        return;
    }
    GPtrArray *people = ab->org_id ? g_hash_table_lookup(a->by_org, &ab->org_id) : NULL;
    for (guint i = 0; people && i < people->len; i++)
        fn(&g_array_index(a->cl->entries, pl_calllist_entry, ((contact *)people->pdata[i])->entry),
           data);
}

static void add_item(pl_calllist_entry *e, gconstpointer data)
{
    const pl_item_info *it = data;
    pl_calllist_item ci = {it->id, it->due_ts, g_strdup(it->text)};
    g_array_append_val(e->followups, ci);
}

static gboolean on_item(const pl_item_info *it, gpointer user)
{
    about_each(user, &it->about, add_item, it);
    return TRUE;
}

static void add_fact(pl_calllist_entry *e, gconstpointer data)
{
    const pl_fact_info *f = data;
    g_ptr_array_add(e->facts, g_strdup_printf("%s: %s", f->kind, f->text));
}

static gboolean on_fact(const pl_fact_info *f, gpointer user)
{
    about_each(user, &f->about, add_fact, f);
    return TRUE;
}

static void item_clear(gpointer p)
{
    g_free(((pl_calllist_item *)p)->text);
}

static void entry_clear(gpointer p)
{
    pl_calllist_entry *e = p;
    g_free(e->name), g_free(e->org), g_free(e->phone), g_free(e->email);
    g_array_free(e->followups, TRUE);
    g_ptr_array_free(e->facts, TRUE);
}

pl_calllist *pl_calllist_build(pl_store *st, const pl_config *cfg, const pl_calllist_query *q,
                               GError **err)
{
    pl_calllist *cl = g_new0(pl_calllist, 1);
    cl->q = *q;
    if (cl->q.days < 0)
        cl->q.days = 30;
    if (cl->q.top <= 0)
        cl->q.top = 50;
    if (cl->q.volume_days <= 0)
        cl->q.volume_days = 90;
    if (!cl->q.now)
        cl->q.now = g_get_real_time() / G_USEC_PER_SEC;
    cl->entries = g_array_new(FALSE, TRUE, sizeof(pl_calllist_entry));
    g_array_set_clear_func(cl->entries, entry_clear);

    /* The summaries follow the last ingest, label, contacts import or config. */
    if (!pl_conversations_refresh(st, cfg, err)) {
        pl_calllist_free(cl);
        return NULL;
    }
    pick_ctx p = {
        .heap = g_array_new(FALSE, FALSE, sizeof(contact)),
        .top = (guint)cl->q.top,
    };
    gint64 since = cl->q.now - (gint64)cl->q.volume_days * 86400;
    gboolean ok = st->ops->contact_summary_each(st, TRUE, since, on_customer, &p, err);
    cl->customers = p.customers;
    GArray *list = p.heap; /* from here on: the key contacts, then sorted by silence */
    g_array_sort(list, by_volume);

    detail_ctx d = {
        .list = list,
        .by_id = g_hash_table_new(g_int64_hash, g_int64_equal),
        .identities = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
        .ids = g_array_new(FALSE, FALSE, sizeof(gint64)),
    };
    GArray *keys = g_array_new(FALSE, FALSE, sizeof(gint64));
    for (guint i = 0; i < list->len; i++) {
        contact *c = &g_array_index(list, contact, i);
        g_hash_table_insert(d.by_id, &c->id, GUINT_TO_POINTER(i + 1));
        g_array_append_val(keys, c->id);
    }
    ok = ok && (!keys->len || st->ops->contact_rows(st, (const gint64 *)(void *)keys->data,
                                                    keys->len, on_detail, &d, err));
    g_array_free(keys, TRUE);
    /* Their whole history, identities of one contact summed. */
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
    for (guint i = 0; i < d.ids->len; i += 2)
        g_array_append_val(ids, g_array_index(d.ids, gint64, i));
    ok = ok && (!ids->len || st->ops->touch_last(st, (const gint64 *)(void *)ids->data, ids->len,
                                                 on_last, &d, err));
    g_array_free(ids, TRUE);
    g_hash_table_destroy(d.by_id);
    g_hash_table_destroy(d.identities);
    g_array_sort(list, by_silence);

    attach_ctx a = {
        .cl = cl,
        .by_person = g_hash_table_new(g_int64_hash, g_int64_equal),
        .by_identity = g_hash_table_new(g_int64_hash, g_int64_equal),
        .by_org = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify)g_ptr_array_unref),
    };
    GHashTable *by_id = g_hash_table_new(g_int64_hash, g_int64_equal);
    for (guint i = 0; ok && i < list->len; i++) {
        contact *c = &g_array_index(list, contact, i);
        c->entry = (int)i;
        g_hash_table_insert(by_id, &c->id, c);
        pl_calllist_entry e = {
            .person_id = c->person_id,
            .identity_id = c->identity_id,
            .name = g_strdup(c->name),
            .org = g_strdup(c->org),
            .phone = g_strdup(c->phone),
            .email = g_strdup(c->email),
            .last_voice_ts = c->last_voice,
            .last_text_ts = c->last_text,
            .days_since_voice = c->last_voice ? MAX(0, (cl->q.now - c->last_voice) / 86400) : -1,
            .recent_convs = c->recent,
            .followups = g_array_new(FALSE, FALSE, sizeof(pl_calllist_item)),
            .facts = g_ptr_array_new_with_free_func(g_free),
        };
        e.overdue = e.days_since_voice < 0 || e.days_since_voice >= cl->q.days;
        g_array_set_clear_func(e.followups, item_clear);
        g_array_append_val(cl->entries, e);
        if (c->person_id)
            g_hash_table_insert(a.by_person, &c->person_id, c);
        if (c->org_id) {
            GPtrArray *people = g_hash_table_lookup(a.by_org, &c->org_id);
            if (!people) {
                people = g_ptr_array_new();
                g_hash_table_insert(a.by_org, &c->org_id, people);
            }
            g_ptr_array_add(people, c);
        }
    }
    /* An item or fact kept on an identity (before contacts said whose it
     * was, or on an identity of nobody's) belongs to that identity's contact. */
    for (guint i = 0; ok && i < d.ids->len; i += 2)
        g_hash_table_insert(a.by_identity, &g_array_index(d.ids, gint64, i),
                            g_hash_table_lookup(by_id, &g_array_index(d.ids, gint64, i + 1)));
    g_hash_table_destroy(by_id);
    pl_item_filter f = {0};
    ok = ok && st->ops->item_each(st, &f, on_item, &a, err) &&
         st->ops->fact_each(st, NULL, on_fact, &a, err);
    g_hash_table_destroy(a.by_person);
    g_hash_table_destroy(a.by_identity);
    g_hash_table_destroy(a.by_org);
    for (guint i = 0; i < list->len; i++)
        contact_clear(&g_array_index(list, contact, i));
    g_array_free(list, TRUE);
    g_array_free(d.ids, TRUE);
    if (!ok) {
        pl_calllist_free(cl);
        return NULL;
    }
    return cl;
}

void pl_calllist_free(pl_calllist *cl)
{
    if (!cl)
        return;
    g_array_free(cl->entries, TRUE);
    g_free(cl);
}
