/* cmd_calllist.c — parley calllist: text and JSON views of
 * pl_calllist_build() (key customers by days since the last voice
 * conversation, with the last written touch, open follow-ups and facts). */
#include "cli.h"
#include "output.h"

static void add_ts(JsonBuilder *b, const char *name, gint64 ts)
{
    json_builder_set_member_name(b, name);
    if (ts) {
        char *d = out_date(ts);
        json_builder_add_string_value(b, d);
        g_free(d);
    } else {
        json_builder_add_null_value(b);
    }
}

static void add_str(JsonBuilder *b, const char *name, const char *v)
{
    json_builder_set_member_name(b, name);
    if (v)
        json_builder_add_string_value(b, v);
    else
        json_builder_add_null_value(b);
}

static void print_json(const pl_calllist *cl)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "days");
    json_builder_add_int_value(b, cl->q.days);
    json_builder_set_member_name(b, "customers");
    json_builder_add_int_value(b, cl->customers);
    json_builder_set_member_name(b, "contacts");
    json_builder_begin_array(b);
    for (guint i = 0; i < cl->entries->len; i++) {
        const pl_calllist_entry *e = &g_array_index(cl->entries, pl_calllist_entry, i);
        json_builder_begin_object(b);
        add_str(b, "name", e->name);
        add_str(b, "org", e->org);
        add_str(b, "phone", e->phone);
        add_str(b, "email", e->email);
        add_ts(b, "last_voice", e->last_voice_ts);
        json_builder_set_member_name(b, "days_since_voice");
        if (e->days_since_voice >= 0)
            json_builder_add_int_value(b, e->days_since_voice);
        else
            json_builder_add_null_value(b);
        json_builder_set_member_name(b, "overdue");
        json_builder_add_boolean_value(b, e->overdue);
        add_ts(b, "last_written", e->last_text_ts);
        json_builder_set_member_name(b, "recent_conversations");
        json_builder_add_int_value(b, e->recent_convs);
        json_builder_set_member_name(b, "follow_ups");
        json_builder_begin_array(b);
        for (guint k = 0; k < e->followups->len; k++) {
            const pl_calllist_item *it = &g_array_index(e->followups, pl_calllist_item, k);
            json_builder_begin_object(b);
            json_builder_set_member_name(b, "id");
            json_builder_add_int_value(b, it->id);
            add_str(b, "text", it->text);
            add_ts(b, "due", it->due_ts);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_set_member_name(b, "facts");
        json_builder_begin_array(b);
        for (guint k = 0; k < e->facts->len; k++)
            json_builder_add_string_value(b, e->facts->pdata[k]);
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    out_json(b);
}

static void print_text(const pl_calllist *cl)
{
    guint overdue = 0;
    for (guint i = 0; i < cl->entries->len; i++)
        overdue += g_array_index(cl->entries, pl_calllist_entry, i).overdue;
    printf("Call list: %u key customers (of %u), %u not spoken to for %d days or more\n",
           cl->entries->len, cl->customers, overdue, cl->q.days);
    if (!cl->entries->len) {
        printf("\nno customers yet: import contacts with CATEGORIES:customer or label their "
               "domains (`parley label DOMAIN customer`)\n");
        return;
    }
    printf("\n");
    out_table *t = out_table_new("", "customer", "organisation", "phone", ">last voice", ">days",
                                 ">last written", ">convs 90d", NULL);
    for (guint i = 0; i < cl->entries->len; i++) {
        const pl_calllist_entry *e = &g_array_index(cl->entries, pl_calllist_entry, i);
        char *lv = e->last_voice_ts ? out_date(e->last_voice_ts) : g_strdup("never");
        char *days = e->days_since_voice >= 0
                         ? g_strdup_printf("%" G_GINT64_FORMAT, e->days_since_voice)
                         : g_strdup("-");
        char *lt = e->last_text_ts ? out_date(e->last_text_ts) : g_strdup("never");
        char *n = g_strdup_printf("%u", e->recent_convs);
        out_table_row(t, e->overdue ? "OVERDUE" : "", e->name ? e->name : "", e->org ? e->org : "",
                      e->phone ? e->phone : "", lv, days, lt, n);
        g_free(lv), g_free(days), g_free(lt), g_free(n);
    }
    out_table_print(t, stdout, "  ");
    gboolean header = FALSE;
    for (guint i = 0; i < cl->entries->len; i++) {
        const pl_calllist_entry *e = &g_array_index(cl->entries, pl_calllist_entry, i);
        if (!e->followups->len && !e->facts->len)
            continue;
        if (!header)
            printf("\nbefore you call\n");
        header = TRUE;
        printf("  %s%s%s%s\n", e->name ? e->name : "", e->org ? " (" : "", e->org ? e->org : "",
               e->org ? ")" : "");
        for (guint k = 0; k < e->followups->len; k++) {
            const pl_calllist_item *it = &g_array_index(e->followups, pl_calllist_item, k);
            char *due = it->due_ts ? out_date(it->due_ts) : NULL;
            printf("    follow-up #%" G_GINT64_FORMAT ": %s%s%s%s\n", it->id, it->text,
                   due ? " (due " : "", due ? due : "", due ? ")" : "");
            g_free(due);
        }
        for (guint k = 0; k < e->facts->len; k++)
            printf("    %s\n", (char *)e->facts->pdata[k]);
    }
}

CMD(calllist)
{
    int days = 30, top = 50;
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        {"days", 0, 0, G_OPTION_ARG_INT, &days, "overdue after N days without a call (30)", "N"},
        {"top", 0, 0, G_OPTION_ARG_INT, &top,
         "how many key customers, by conversations over 90 days (50)", "N"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output", NULL},
        {NULL}};
    if (!cli_parse("", "Key customers nobody has talked to lately, longest silence first.", entries,
                   &argc, &argv))
        return 2;
    if (argc > 1)
        return cli_failf("calllist: unexpected argument \"%s\"", argv[1]);
    if (days < 0)
        return cli_failf("calllist: --days takes a number of days >= 0, not %d", days);
    if (top <= 0)
        return cli_failf("calllist: --top takes a positive number, not %d", top);
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    GError *err = NULL;
    pl_calllist_query q = {.days = days, .top = top};
    pl_calllist *cl = pl_calllist_build(st, ctx->cfg, &q, &err);
    if (!cl)
        return cli_fail(err);
    if (json)
        print_json(cl);
    else
        print_text(cl);
    pl_calllist_free(cl);
    return 0;
}
