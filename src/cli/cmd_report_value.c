/* cmd_report_value.c — parley report value: text and JSON views of
 * pl_report_value(). */
#include "cli.h"
#include "dates.h"
#include "output.h"

#include <string.h>

static void cell_json(JsonBuilder *b, const char *name, const pl_value_cell *c,
                      const pl_value_cell *total)
{
    if (name)
        json_builder_set_member_name(b, name);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "conversations");
    json_builder_add_int_value(b, c->convs);
    json_builder_set_member_name(b, "messages");
    json_builder_add_int_value(b, c->messages);
    json_builder_set_member_name(b, "seconds");
    json_builder_add_int_value(b, c->seconds);
    json_builder_set_member_name(b, "voice_seconds");
    json_builder_add_int_value(b, c->voice_seconds);
    if (total) {
        json_builder_set_member_name(b, "share");
        json_builder_add_double_value(b, total->convs ? (double)c->convs / total->convs : 0);
        json_builder_set_member_name(b, "time_share");
        json_builder_add_double_value(b, total->seconds ? (double)c->seconds / total->seconds : 0);
    }
    json_builder_end_object(b);
}

static char *goal_text(const pl_goal *g)
{
    GString *s = g_string_new(NULL);
    for (int c = 0; c < PL_CAT__COUNT; c++)
        if (g->categories & (1u << c))
            g_string_append_printf(s, "%s%s", s->len ? "+" : "", pl_category_name(c));
    g_string_append_printf(s, " >= %.0f%% of %s", g->min_share * 100,
                           g->by_time ? "time" : "conversations");
    return g_string_free(s, FALSE);
}

static void print_json(const pl_value_report *r, const char *scope)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "scope");
    json_builder_add_string_value(b, scope);
    json_builder_set_member_name(b, "last_n");
    json_builder_add_int_value(b, r->q.last_n);
    json_builder_set_member_name(b, "since");
    json_builder_add_int_value(b, r->q.since);
    json_builder_set_member_name(b, "until");
    json_builder_add_int_value(b, r->q.until);
    json_builder_set_member_name(b, "first_ts");
    json_builder_add_int_value(b, r->first_ts);
    json_builder_set_member_name(b, "last_ts");
    json_builder_add_int_value(b, r->last_ts);
    cell_json(b, "total", &r->total, NULL);
    cell_json(b, "internal", &r->internal, &r->total);
    cell_json(b, "external", &r->external, &r->total);
    json_builder_set_member_name(b, "categories");
    json_builder_begin_object(b);
    for (int c = 0; c < PL_CAT__COUNT; c++)
        cell_json(b, pl_category_name(c), &r->by_cat[c], &r->total);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "top");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->top->len; i++) {
        const pl_value_top *t = &g_array_index(r->top, pl_value_top, i);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "counterpart");
        json_builder_add_string_value(b, t->key);
        json_builder_set_member_name(b, "category");
        json_builder_add_string_value(b, pl_category_name(t->category));
        json_builder_set_member_name(b, "conversations");
        json_builder_add_int_value(b, t->cell.convs);
        json_builder_set_member_name(b, "seconds");
        json_builder_add_int_value(b, t->cell.seconds);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "trend");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->trend->len; i++) {
        const pl_value_period *p = &g_array_index(r->trend, pl_value_period, i);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "period");
        json_builder_add_string_value(b, p->label);
        json_builder_set_member_name(b, "start");
        json_builder_add_int_value(b, p->start);
        cell_json(b, "total", &p->total, NULL);
        json_builder_set_member_name(b, "categories");
        json_builder_begin_object(b);
        for (int c = 0; c < PL_CAT__COUNT; c++)
            if (p->by_cat[c].convs)
                cell_json(b, pl_category_name(c), &p->by_cat[c], &p->total);
        json_builder_end_object(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "goals");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->goals->len; i++) {
        const pl_goal_result *g = &g_array_index(r->goals, pl_goal_result, i);
        char *text = goal_text(g->goal);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, g->goal->name);
        json_builder_set_member_name(b, "rule");
        json_builder_add_string_value(b, text);
        json_builder_set_member_name(b, "target");
        json_builder_add_double_value(b, g->goal->min_share);
        json_builder_set_member_name(b, "actual");
        json_builder_add_double_value(b, g->actual);
        json_builder_set_member_name(b, "met");
        json_builder_add_boolean_value(b, g->met);
        json_builder_end_object(b);
        g_free(text);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    out_json(b);
}

/* customer + prospect + frontline: the conversations the business says matter. */
static double facing(const pl_value_cell *by_cat)
{
    return by_cat[PL_CAT_CUSTOMER].convs + by_cat[PL_CAT_PROSPECT].convs +
           by_cat[PL_CAT_FRONTLINE].convs;
}

static void print_text(const pl_value_report *r, const char *scope)
{
    char *from = out_date(r->first_ts), *to = out_date(r->last_ts);
    if (r->q.last_n > 0)
        printf("Conversation value: last %d conversations of %s", r->q.last_n, scope);
    else
        printf("Conversation value: conversations of %s", scope);
    if (r->total.convs)
        printf(" (%s .. %s)\n\n", from, to);
    else
        printf("\n\nno conversations match: ingest mail first, or widen the range\n");
    g_free(from);
    g_free(to);
    if (!r->total.convs)
        return;
    out_table *t = out_table_new("category", ">convs", ">share", ">messages", ">est. time",
                                 ">time share", NULL);
    for (int c = 0; c < PL_CAT__COUNT; c++) {
        const pl_value_cell *v = &r->by_cat[c];
        if (!v->convs)
            continue;
        char *n = g_strdup_printf("%u", v->convs), *sh = out_share(v->convs, r->total.convs);
        char *m = g_strdup_printf("%u", v->messages), *d = out_duration(v->seconds);
        char *ts = out_share(v->seconds, r->total.seconds);
        out_table_row(t, pl_category_name(c), n, sh, m, d, ts);
        g_free(n), g_free(sh), g_free(m), g_free(d), g_free(ts);
    }
    char *n = g_strdup_printf("%u", r->total.convs), *m = g_strdup_printf("%u", r->total.messages);
    char *d = out_duration(r->total.seconds);
    out_table_row(t, "total", n, "100.0%", m, d, "100.0%");
    g_free(n), g_free(m), g_free(d);
    out_table_print(t, stdout, "  ");

    char *es = out_share(r->external.convs, r->total.convs);
    char *is = out_share(r->internal.convs, r->total.convs);
    char *et = out_share(r->external.seconds, r->total.seconds);
    char *fs = out_share(facing(r->by_cat), r->total.convs);
    printf("\n  outside the company: %u conversations (%s), %s of the time; inside: %u (%s)\n",
           r->external.convs, es, et, r->internal.convs, is);
    printf("  customer-facing (customer, prospect, frontline): %s of conversations\n", fs);
    g_free(es), g_free(is), g_free(et), g_free(fs);
    if (r->total.voice_seconds) {
        /* Calls and meetings count their real duration: the voice share
         * of all estimated time says how much of the work is spoken. */
        char *v = out_duration(r->total.voice_seconds), *all = out_duration(r->total.seconds);
        char *vs = out_share(r->total.voice_seconds, r->total.seconds);
        printf("  voice: %s of %s (%s)\n", v, all, vs);
        g_free(v), g_free(all), g_free(vs);
    }

    if (r->top->len) {
        printf("\ntop counterparts\n");
        out_table *tt = out_table_new("counterpart", "category", ">convs", ">est. time", NULL);
        for (guint i = 0; i < r->top->len; i++) {
            const pl_value_top *tp = &g_array_index(r->top, pl_value_top, i);
            char *c = g_strdup_printf("%u", tp->cell.convs), *dd = out_duration(tp->cell.seconds);
            out_table_row(tt, tp->key, pl_category_name(tp->category), c, dd);
            g_free(c), g_free(dd);
        }
        out_table_print(tt, stdout, "  ");
    }
    if (r->trend->len) {
        printf("\ntrend by %s\n", r->q.trend == PL_TREND_WEEK ? "week" : "month");
        out_table *tt =
            out_table_new("period", ">convs", ">customer-facing", ">internal", ">est. time", NULL);
        for (guint i = 0; i < r->trend->len; i++) {
            const pl_value_period *p = &g_array_index(r->trend, pl_value_period, i);
            char *c = g_strdup_printf("%u", p->total.convs);
            char *f = out_share(facing(p->by_cat), p->total.convs);
            char *in = out_share(p->by_cat[PL_CAT_INTERNAL].convs + p->by_cat[PL_CAT_MANAGER].convs,
                                 p->total.convs);
            char *dd = out_duration(p->total.seconds);
            out_table_row(tt, p->label, c, f, in, dd);
            g_free(c), g_free(f), g_free(in), g_free(dd);
        }
        out_table_print(tt, stdout, "  ");
    }
    if (r->goals->len) {
        printf("\ngoals\n");
        for (guint i = 0; i < r->goals->len; i++) {
            const pl_goal_result *g = &g_array_index(r->goals, pl_goal_result, i);
            char *text = goal_text(g->goal);
            printf("  %-20s %s: %.1f%%  %s\n", g->goal->name, text, g->actual * 100,
                   g->met ? "met" : "MISSED");
            g_free(text);
        }
    }
    if (r->by_cat[PL_CAT_UNCLASSIFIED].convs)
        printf("\n%u conversations are with unclassified counterparts: see `parley who "
               "--unclassified`\n",
               r->by_cat[PL_CAT_UNCLASSIFIED].convs);
}

int report_value(cli_ctx *ctx, int argc, char **argv)
{
    int last = 0, top = 10;
    char *since = NULL, *until = NULL, *by = NULL;
    gboolean team = FALSE, json = FALSE, automated = FALSE;
    GOptionEntry entries[] = {
        {"last", 'n', 0, G_OPTION_ARG_INT, &last, "the newest N conversations (default 100)", "N"},
        {"since", 0, 0, G_OPTION_ARG_STRING, &since, "from this date (YYYY-MM-DD or 30d)", "DATE"},
        {"until", 0, 0, G_OPTION_ARG_STRING, &until, "before this date", "DATE"},
        {"by", 0, 0, G_OPTION_ARG_STRING, &by, "trend by week or month", "week|month"},
        {"team", 0, 0, G_OPTION_ARG_NONE, &team, "everyone's conversations, not just mine", NULL},
        {"include-automated", 0, 0, G_OPTION_ARG_NONE, &automated,
         "count newsletters, notifications and auto-replies too", NULL},
        {"top", 0, 0, G_OPTION_ARG_INT, &top, "how many top counterparts (default 10)", "N"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output", NULL},
        {NULL}};
    int rc = 0;
    if (!cli_parse("", "Who your conversations are with, and the time they take.", entries, &argc,
                   &argv))
        return 2;
    pl_value_query q = {.last_n = last, .with_automated = automated, .top = top};
    GError *err = NULL;
    gint64 now = g_get_real_time() / G_USEC_PER_SEC;
    if (argc > 1)
        rc = cli_failf("report value: unexpected argument \"%s\"", argv[1]);
    else if (last < 0 || top < 0)
        rc = cli_failf("report value: --last and --top take a positive number");
    else if ((since && !cli_parse_date(since, now, &q.since, &err)) ||
             (until && !cli_parse_date(until, now, &q.until, &err)))
        rc = cli_fail(err);
    else if (by && strcmp(by, "week") != 0 && strcmp(by, "month") != 0)
        rc = cli_failf("report value: --by takes week or month, not \"%s\"", by);
    if (!rc) {
        q.trend = !by ? PL_TREND_NONE : strcmp(by, "week") == 0 ? PL_TREND_WEEK : PL_TREND_MONTH;
        if (!since && !until && !last)
            q.last_n = 100;
        /* Without a configured me there is no "mine": report the whole store. */
        q.only_me = !team && ctx->cfg->me->len > 0;
        pl_store *st = cli_store(ctx);
        pl_value_report *r = st ? pl_report_value(st, ctx->cfg, &q, &err) : NULL;
        if (!st)
            rc = 1;
        else if (!r)
            rc = cli_fail(err);
        else {
            GString *scope_s = g_string_new(q.only_me ? NULL : "the whole team");
            for (guint i = 0; q.only_me && i < ctx->cfg->me->len; i++)
                g_string_append_printf(scope_s, "%s%s", i ? ", " : "",
                                       (char *)ctx->cfg->me->pdata[i]);
            char *scope = g_string_free(scope_s, FALSE);
            if (json)
                print_json(r, scope);
            else
                print_text(r, scope);
            g_free(scope);
            pl_value_report_free(r);
        }
    }
    g_free(since);
    g_free(until);
    g_free(by);
    return rc;
}
