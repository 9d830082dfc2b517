/* cmd_who.c — parley who: the counterparts in the store and their category,
 * grouped the way reports group them (domain, or address on free-mail);
 * --unclassified lists what still needs a label. */
#include "cli.h"
#include "classify.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;
    int category;
    guint addresses;
    gint64 events, last_ts;
    char *example; /* a display name or address, to recognise the group */
} who_row;

typedef struct {
    const pl_config *cfg;
    pl_classifier *cls;
    GHashTable *groups; /* key -> who_row* */
    gboolean only_unclassified;
} who_ctx;

static gboolean on_identity(const pl_identity_info *i, gpointer user)
{
    who_ctx *w = user;
    if (i->is_list || i->n_events == 0 || pl_config_is_me(w->cfg, i->value))
        return TRUE;
    pl_category c = pl_classify_person(w->cls, i->value, i->person_address, i->identity_category,
                                       i->person_category, i->org_category);
    if (w->only_unclassified && c != PL_CAT_UNCLASSIFIED)
        return TRUE;
    char *key = pl_counterpart_key(
        i->person_address && !pl_address_domain(i->value) ? i->person_address : i->value);
    /* One domain can hold people of several categories; keep them apart. */
    char *gkey = g_strdup_printf("%s\t%d", key, c);
    who_row *r = g_hash_table_lookup(w->groups, gkey);
    if (!r) {
        r = g_new0(who_row, 1);
        r->key = key;
        r->category = c;
        r->example = g_strdup(i->name ? i->name : i->value);
        g_hash_table_insert(w->groups, gkey, r);
    } else {
        g_free(key);
        g_free(gkey);
    }
    r->addresses++;
    r->events += i->n_events;
    r->last_ts = MAX(r->last_ts, i->last_ts);
    return TRUE;
}

static int by_events(gconstpointer a, gconstpointer b)
{
    const who_row *x = *(who_row *const *)a, *y = *(who_row *const *)b;
    if (x->events != y->events)
        return x->events < y->events ? 1 : -1;
    return strcmp(x->key, y->key);
}

static void row_free(gpointer p)
{
    who_row *r = p;
    g_free(r->key);
    g_free(r->example);
    g_free(r);
}

CMD(who)
{
    gboolean unclassified = FALSE, json = FALSE;
    int limit = 50;
    GOptionEntry entries[] = {
        {"unclassified", 'u', 0, G_OPTION_ARG_NONE, &unclassified,
         "only counterparts no label or contact classifies", NULL},
        {"limit", 0, 0, G_OPTION_ARG_INT, &limit, "at most N rows (0 = all; default 50)", "N"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output", NULL},
        {NULL}};
    if (!cli_parse("", "Counterparts and their categories, busiest first.", entries, &argc, &argv))
        return 2;
    if (argc > 1)
        return cli_failf("who: unexpected argument \"%s\"", argv[1]);
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    GError *err = NULL;
    who_ctx w = {ctx->cfg, pl_classifier_new(st, ctx->cfg, &err),
                 g_hash_table_new_full(g_str_hash, g_str_equal, g_free, row_free), unclassified};
    if (!w.cls || !st->ops->identity_each(st, on_identity, &w, &err)) {
        g_hash_table_destroy(w.groups);
        pl_classifier_free(w.cls);
        return cli_fail(err);
    }
    GPtrArray *rows = g_ptr_array_new();
    GHashTableIter it;
    gpointer val;
    g_hash_table_iter_init(&it, w.groups);
    while (g_hash_table_iter_next(&it, NULL, &val))
        g_ptr_array_add(rows, val);
    g_ptr_array_sort(rows, by_events);
    guint n = limit > 0 ? MIN((guint)limit, rows->len) : rows->len;
    if (json) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_array(b);
        for (guint i = 0; i < n; i++) {
            who_row *r = rows->pdata[i];
            json_builder_begin_object(b);
            json_builder_set_member_name(b, "counterpart");
            json_builder_add_string_value(b, r->key);
            json_builder_set_member_name(b, "category");
            json_builder_add_string_value(b, pl_category_name(r->category));
            json_builder_set_member_name(b, "addresses");
            json_builder_add_int_value(b, r->addresses);
            json_builder_set_member_name(b, "events");
            json_builder_add_int_value(b, r->events);
            json_builder_set_member_name(b, "last_ts");
            json_builder_add_int_value(b, r->last_ts);
            json_builder_set_member_name(b, "example");
            json_builder_add_string_value(b, r->example);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        out_json(b);
    } else if (n == 0) {
        printf(unclassified ? "every counterpart is classified\n" : "no counterparts yet\n");
    } else {
        out_table *t = out_table_new("counterpart", "category", ">addresses", ">messages",
                                     "last seen", "e.g.", NULL);
        for (guint i = 0; i < n; i++) {
            who_row *r = rows->pdata[i];
            char *a = g_strdup_printf("%u", r->addresses);
            char *e = g_strdup_printf("%" G_GINT64_FORMAT, r->events);
            char *d = out_date(r->last_ts);
            out_table_row(t, r->key, pl_category_name(r->category), a, e, d, r->example);
            g_free(a), g_free(e), g_free(d);
        }
        out_table_print(t, stdout, "");
        if (n < rows->len)
            printf("... and %u more (--limit 0 shows all)\n", rows->len - n);
        if (unclassified)
            printf("\nlabel them with: parley label DOMAIN-OR-ADDRESS CATEGORY\n");
    }
    g_ptr_array_free(rows, TRUE);
    g_hash_table_destroy(w.groups);
    pl_classifier_free(w.cls);
    return 0;
}
