/* classify.c — the category of an identity, with the precedence documented
 * in classify.h and docs/model.md. Rules are few (hundreds), so they live in
 * hash tables for the duration of one refresh rather than being queried per
 * identity. */
#include "classify.h"

#include <string.h>

struct pl_classifier {
    const pl_config *cfg;
    GHashTable *address_rules; /* address -> category+1 */
    GHashTable *domain_rules;  /* domain  -> category+1 */
    GHashTable *org_domains;   /* domain of a categorised organisation -> category+1 */
    int catch_all;             /* category of "*", or -1 */
};

static void add_rule(const pl_rule *r, gpointer user)
{
    pl_classifier *c = user;
    if (strcmp(r->pattern, "*") == 0)
        c->catch_all = r->category;
    else
        g_hash_table_insert(strcmp(r->kind, "address") == 0 ? c->address_rules : c->domain_rules,
                            g_strdup(r->pattern), GINT_TO_POINTER(r->category + 1));
}

static void add_org_domain(const char *domain, int category, gpointer user)
{
    pl_classifier *c = user;
    /* First organisation wins: two contacts' companies sharing a domain
     * (subsidiaries) should not flip with import order. */
    if (!pl_domain_is_freemail(domain) && !g_hash_table_contains(c->org_domains, domain))
        g_hash_table_insert(c->org_domains, g_ascii_strdown(domain, -1),
                            GINT_TO_POINTER(category + 1));
}

pl_classifier *pl_classifier_new(pl_store *st, const pl_config *cfg, GError **err)
{
    pl_classifier *c = g_new0(pl_classifier, 1);
    c->cfg = cfg;
    c->catch_all = -1;
    c->address_rules = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    c->domain_rules = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    c->org_domains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (!st->ops->rule_each(st, add_rule, c, err) ||
        !st->ops->org_domain_each(st, add_org_domain, c, err)) {
        pl_classifier_free(c);
        return NULL;
    }
    return c;
}

void pl_classifier_free(pl_classifier *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->address_rules);
    g_hash_table_destroy(c->domain_rules);
    g_hash_table_destroy(c->org_domains);
    g_free(c);
}

static gboolean listed(GPtrArray *a, const char *v)
{
    for (guint i = 0; a && i < a->len; i++)
        if (strcmp(a->pdata[i], v) == 0)
            return TRUE;
    return FALSE;
}

pl_category pl_classify(const pl_classifier *c, const char *value, int identity_cat, int person_cat,
                        int org_cat)
{
    return pl_classify_person(c, value, NULL, identity_cat, person_cat, org_cat);
}

pl_category pl_classify_person(const pl_classifier *c, const char *value,
                               const char *person_address, int identity_cat, int person_cat,
                               int org_cat)
{
    if (!value)
        return PL_CAT_UNCLASSIFIED;
    /* A number or handle has no domain: it is where its person is. */
    const char *at = pl_address_domain(value) ? NULL : person_address;
    gpointer hit = g_hash_table_lookup(c->address_rules, value);
    if (hit)
        return GPOINTER_TO_INT(hit) - 1;
    if (listed(c->cfg->managers, value))
        return PL_CAT_MANAGER;
    if (listed(c->cfg->frontline, value))
        return PL_CAT_FRONTLINE;
    if (identity_cat >= 0)
        return identity_cat;
    if (person_cat >= 0)
        return person_cat;
    if (pl_config_is_internal(c->cfg, value) || (at && pl_config_is_internal(c->cfg, at)))
        return PL_CAT_INTERNAL;
    if (org_cat >= 0)
        return org_cat;
    if (at && (hit = g_hash_table_lookup(c->address_rules, at)))
        return GPOINTER_TO_INT(hit) - 1;
    const char *d = pl_address_domain(at ? at : value);
    if (d && !pl_domain_is_freemail(d) && !listed(c->cfg->freemail_extra, d)) {
        for (const char *p = d; p; p = strchr(p, '.')) {
            if (*p == '.')
                p++;
            hit = g_hash_table_lookup(c->domain_rules, p);
            if (hit)
                return GPOINTER_TO_INT(hit) - 1;
        }
        /* A colleague of a known contact: their organisation's category. */
        hit = g_hash_table_lookup(c->org_domains, d);
        if (hit)
            return GPOINTER_TO_INT(hit) - 1;
    }
    if (c->catch_all >= 0)
        return c->catch_all;
    return PL_CAT_UNCLASSIFIED;
}

char *pl_counterpart_key(const char *value)
{
    const char *d = pl_address_domain(value);
    if (d && !pl_domain_is_freemail(d))
        return g_strdup(d);
    return g_strdup(value);
}
