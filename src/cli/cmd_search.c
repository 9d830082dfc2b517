/* cmd_search.c — parley search WORDS...: full-text search over subjects and
 * bodies (FTS5 syntax: words, OR, NOT, prefix*, subject:word). */
#include "cli.h"
#include "output.h"

typedef struct {
    gboolean json;
    JsonBuilder *b;
    out_table *t;
    guint n;
} search_ctx;

static gboolean on_hit(const pl_search_hit *h, gpointer user)
{
    search_ctx *s = user;
    s->n++;
    if (s->json) {
        json_builder_begin_object(s->b);
        json_builder_set_member_name(s->b, "event");
        json_builder_add_int_value(s->b, h->event_id);
        json_builder_set_member_name(s->b, "conversation");
        json_builder_add_int_value(s->b, h->conv_id);
        json_builder_set_member_name(s->b, "ts");
        json_builder_add_int_value(s->b, h->ts);
        json_builder_set_member_name(s->b, "channel");
        json_builder_add_string_value(s->b, pl_channel_name(h->channel));
        json_builder_set_member_name(s->b, "from");
        json_builder_add_string_value(s->b, h->author);
        json_builder_set_member_name(s->b, "subject");
        json_builder_add_string_value(s->b, h->subject);
        json_builder_end_object(s->b);
    } else {
        char *d = out_date(h->ts);
        out_table_row(s->t, d, h->author ? h->author : "?", h->subject ? h->subject : "");
        g_free(d);
    }
    return TRUE;
}

CMD(search)
{
    gboolean json = FALSE;
    int limit = 20;
    GOptionEntry entries[] = {
        {"limit", 0, 0, G_OPTION_ARG_INT, &limit, "at most N hits (0 = all; default 20)", "N"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output", NULL},
        {NULL}};
    if (!cli_parse("WORDS...", "Full-text search over subjects and bodies, newest first.", entries,
                   &argc, &argv))
        return 2;
    if (argc < 2)
        return cli_failf("search: give at least one word");
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    char *query = g_strjoinv(" ", argv + 1);
    search_ctx s = {json, json ? json_builder_new() : NULL,
                    json ? NULL : out_table_new("date", "from", "subject", NULL), 0};
    if (json)
        json_builder_begin_array(s.b);
    GError *err = NULL;
    gboolean ok = st->ops->search(st, query, limit, on_hit, &s, &err);
    g_free(query);
    if (json) {
        json_builder_end_array(s.b);
        if (ok)
            out_json(s.b);
        else
            g_object_unref(s.b);
    } else if (ok && s.n) {
        out_table_print(s.t, stdout, "");
    } else {
        if (ok)
            printf("no match\n");
        out_table_free(s.t);
    }
    return ok ? 0 : cli_fail(err);
}
