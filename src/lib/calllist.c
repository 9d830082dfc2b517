/* calllist.c — `parley calllist`: the key customers nobody has *talked* to
 * lately. A customer is a contact (a person, or a bare address / number
 * nobody's contact) with an identity classified customer; the key ones are
 * those with the most conversations over the volume window. They are ranked
 * by days since the last voice conversation, each with the last e-mail or
 * chat, the open follow-ups and the personal facts, so a call can open with
 * something personal.
 *
 * Cost: one aggregate query over identities and the events of the volume
 * window (store touch_each), one over the key contacts' whole history
 * (touch_last), one over open items, one over facts; classification and
 * grouping in memory. No query per contact, and the whole history is read
 * only for the few key contacts (bench/calllist.sh: 100,000 contacts).
 */
#include "classify.h"
#include "store.h"

#include <string.h>

typedef struct {
    gint64 person_id, identity_id, org_id;
    char *name, *org, *phone, *email;
    gint64 last_voice, last_text;
    guint recent;
    gboolean customer;
    int entry; /* index in the result, -1 when not listed */
} contact;

typedef struct {
    const pl_classifier *cls;
    GHashTable *contacts;   /* gint64 key (person id, or -identity id) -> contact* */
    GHashTable *identities; /* identity id -> contact* */
} build_ctx;

static void contact_free(gpointer p)
{
    contact *c = p;
    g_free(c->name), g_free(c->org), g_free(c->phone), g_free(c->email);
    g_free(c);
}

static gboolean on_touch(const pl_touch_row *t, gpointer user)
{
    build_ctx *x = user;
    gint64 key = t->person_id > 0 ? t->person_id : -t->identity_id;
    contact *c = g_hash_table_lookup(x->contacts, &key);
    if (!c) {
        c = g_new0(contact, 1);
        c->person_id = t->person_id;
        c->identity_id = t->identity_id;
        c->org_id = t->org_id;
        c->entry = -1;
        c->name = g_strdup(t->person ? t->person : t->name ? t->name : t->value);
        c->org = g_strdup(t->org);
        g_hash_table_insert(x->contacts, g_memdup2(&key, sizeof key), c);
    }
    g_hash_table_insert(x->identities, g_memdup2(&t->identity_id, sizeof(gint64)), c);
    if (t->kind == PL_ID_PHONE && !c->phone && !g_str_has_prefix(t->value, "ext:"))
        c->phone = g_strdup(t->value);
    if (t->kind == PL_ID_EMAIL && !c->email)
        c->email = g_strdup(t->value);
    /* Summed over the contact's identities: two addresses of one person in
     * one thread count that thread twice, which only sharpens the ranking. */
    c->recent += (guint)t->recent_convs;
    if (!c->customer && pl_classify(x->cls, t->value, t->identity_category, t->person_category,
                                    t->org_category) == PL_CAT_CUSTOMER)
        c->customer = TRUE;
    return TRUE;
}

static gboolean on_last(const pl_touch_row *t, gpointer user)
{
    contact *c = g_hash_table_lookup(user, &t->identity_id);
    if (c) {
        c->last_voice = MAX(c->last_voice, t->last_voice_ts);
        c->last_text = MAX(c->last_text, t->last_text_ts);
    }
    return TRUE;
}

static gint by_volume(gconstpointer a, gconstpointer b)
{
    const contact *x = *(contact *const *)a, *y = *(contact *const *)b;
    if (x->recent != y->recent)
        return x->recent > y->recent ? -1 : 1;
    int n = g_strcmp0(x->name, y->name);
    return n ? n : (x->identity_id > y->identity_id) - (x->identity_id < y->identity_id);
}

/* Never spoken to first, then the longest silence; busier customers first. */
static gint by_silence(gconstpointer a, gconstpointer b)
{
    const contact *x = *(contact *const *)a, *y = *(contact *const *)b;
    if (x->last_voice != y->last_voice)
        return x->last_voice < y->last_voice ? -1 : 1;
    return by_volume(a, b);
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

    pl_classifier *cls = pl_classifier_new(st, cfg, err);
    if (!cls) {
        pl_calllist_free(cl);
        return NULL;
    }
    build_ctx x = {
        .cls = cls,
        .contacts = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, contact_free),
        .identities = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
    };
    attach_ctx a = {
        .cl = cl,
        .by_person = g_hash_table_new(g_int64_hash, g_int64_equal),
        .by_identity = g_hash_table_new(g_int64_hash, g_int64_equal),
        .by_org = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify)g_ptr_array_unref),
    };
    gint64 since = cl->q.now - (gint64)cl->q.volume_days * 86400;
    gboolean ok = st->ops->touch_each(st, since, on_touch, &x, err);
    if (ok) {
        GPtrArray *cust = g_ptr_array_new();
        GHashTableIter it;
        gpointer v;
        g_hash_table_iter_init(&it, x.contacts);
        while (g_hash_table_iter_next(&it, NULL, &v))
            if (((contact *)v)->customer)
                g_ptr_array_add(cust, v);
        cl->customers = cust->len;
        g_ptr_array_sort(cust, by_volume);
        if (cust->len > (guint)cl->q.top)
            g_ptr_array_set_size(cust, cl->q.top);
        /* Mark the key ones, then read their whole history in one query. */
        for (guint i = 0; i < cust->len; i++)
            ((contact *)cust->pdata[i])->entry = 0;
        GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
        gpointer k;
        g_hash_table_iter_init(&it, x.identities);
        while (g_hash_table_iter_next(&it, &k, &v))
            if (((contact *)v)->entry == 0)
                g_array_append_val(ids, *(gint64 *)k);
        ok = !ids->len || st->ops->touch_last(st, (const gint64 *)(void *)ids->data, ids->len,
                                              on_last, x.identities, err);
        g_array_free(ids, TRUE);
        g_ptr_array_sort(cust, by_silence);
        for (guint i = 0; i < cust->len; i++) {
            contact *c = cust->pdata[i];
            c->entry = (int)i;
            pl_calllist_entry e = {
                .person_id = c->person_id,
                .identity_id = c->identity_id,
                .name = g_strdup(c->name),
                .org = g_strdup(c->org),
                .phone = g_strdup(c->phone),
                .email = g_strdup(c->email),
                .last_voice_ts = c->last_voice,
                .last_text_ts = c->last_text,
                .days_since_voice =
                    c->last_voice ? MAX(0, (cl->q.now - c->last_voice) / 86400) : -1,
                .recent_convs = c->recent,
                .followups = g_array_new(FALSE, FALSE, sizeof(pl_calllist_item)),
                .facts = g_ptr_array_new_with_free_func(g_free),
            };
            e.overdue = e.days_since_voice < 0 || e.days_since_voice >= cl->q.days;
            g_array_set_clear_func(e.followups, item_clear);
            g_array_append_val(cl->entries, e);
            if (c->person_id)
                g_hash_table_insert(a.by_person, &c->person_id, c);
            else
                g_hash_table_insert(a.by_identity, &c->identity_id, c);
            if (c->org_id) {
                GPtrArray *people = g_hash_table_lookup(a.by_org, &c->org_id);
                if (!people) {
                    people = g_ptr_array_new();
                    g_hash_table_insert(a.by_org, &c->org_id, people);
                }
                g_ptr_array_add(people, c);
            }
        }
        /* An item or fact kept on an identity before contacts said whose it
         * was belongs to that identity's person. */
        g_hash_table_iter_init(&it, x.identities);
        while (g_hash_table_iter_next(&it, &k, &v))
            if (((contact *)v)->entry >= 0 && ((contact *)v)->person_id)
                g_hash_table_insert(a.by_identity, k, v);
        g_ptr_array_free(cust, TRUE);
        pl_item_filter f = {0};
        ok = ok && st->ops->item_each(st, &f, on_item, &a, err) &&
             st->ops->fact_each(st, NULL, on_fact, &a, err);
    }
    g_hash_table_destroy(a.by_person);
    g_hash_table_destroy(a.by_identity);
    g_hash_table_destroy(a.by_org);
    g_hash_table_destroy(x.identities);
    g_hash_table_destroy(x.contacts);
    pl_classifier_free(cls);
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
