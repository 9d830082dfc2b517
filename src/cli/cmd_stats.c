/* cmd_stats.c — parley stats: what the store holds, by channel, direction
 * and flag; the quick check after an ingest. */
#include "cli.h"
#include "output.h"

static const char *const flag_names[] = {"automated",    "auto_reply",  "bulk",
                                         "date_missing", "date_bad",    "list",
                                         "damaged",      "withheld_id", "human_answer"};

/* --verify: the call list's summaries against a recomputation. */
static int verify(cli_ctx *ctx, pl_store *st, gboolean json)
{
    pl_summary_check c;
    GError *err = NULL;
    if (!pl_contact_summary_verify(st, ctx->cfg, g_get_real_time() / G_USEC_PER_SEC, &c, &err)) {
        pl_summary_check_clear(&c);
        return cli_fail(err);
    }
    gboolean good = c.touches_wrong == 0 && c.contacts_wrong == 0;
    if (json) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "consistent");
        json_builder_add_boolean_value(b, good);
        json_builder_set_member_name(b, "contacts");
        json_builder_add_int_value(b, c.contacts);
        json_builder_set_member_name(b, "touches_wrong");
        json_builder_add_int_value(b, c.touches_wrong);
        json_builder_set_member_name(b, "contacts_wrong");
        json_builder_add_int_value(b, c.contacts_wrong);
        json_builder_set_member_name(b, "problems");
        json_builder_begin_array(b);
        for (guint i = 0; i < c.problems->len; i++)
            json_builder_add_string_value(b, c.problems->pdata[i]);
        json_builder_end_array(b);
        json_builder_end_object(b);
        out_json(b);
    } else if (good) {
        printf("call-list summaries of %u contacts match a recomputation\n", c.contacts);
    } else {
        printf("call-list summaries differ from a recomputation: %" G_GINT64_FORMAT
               " conversation touches, %u contacts\n",
               c.touches_wrong, c.contacts_wrong);
        for (guint i = 0; i < c.problems->len; i++)
            printf("  %s\n", (char *)c.problems->pdata[i]);
    }
    pl_summary_check_clear(&c);
    return good ? 0 : 1;
}

CMD(stats)
{
    gboolean json = FALSE, check = FALSE;
    GOptionEntry entries[] = {
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output", NULL},
        {"verify", 0, 0, G_OPTION_ARG_NONE, &check,
         "recompute the call list's summaries from scratch and compare (exit 1 on a difference)",
         NULL},
        {NULL}};
    if (!cli_parse("", "What the store holds.", entries, &argc, &argv))
        return 2;
    if (argc > 1)
        return cli_failf("stats: unexpected argument \"%s\"", argv[1]);
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    if (check)
        return verify(ctx, st, json);
    pl_store_stats s;
    GError *err = NULL;
    if (!pl_conversations_refresh(st, ctx->cfg, &err) || !st->ops->stats(st, &s, &err))
        return cli_fail(err);
    if (json) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
#define NUM(k, v)                                                                                  \
    json_builder_set_member_name(b, k);                                                            \
    json_builder_add_int_value(b, v)
        NUM("events", s.events);
        NUM("conversations", s.conversations);
        NUM("identities", s.identities);
        NUM("people", s.people);
        NUM("organisations", s.orgs);
        NUM("sources", s.sources);
        NUM("files", s.files);
        NUM("first_ts", s.first_ts);
        NUM("last_ts", s.last_ts);
        json_builder_set_member_name(b, "channels");
        json_builder_begin_object(b);
        for (int c = 0; c < PL_CH__COUNT; c++) {
            NUM(pl_channel_name(c), s.by_channel[c]);
        }
        json_builder_end_object(b);
        json_builder_set_member_name(b, "directions");
        json_builder_begin_object(b);
        for (int d = 0; d < 4; d++) {
            NUM(pl_direction_name(d), s.by_direction[d]);
        }
        json_builder_end_object(b);
        json_builder_set_member_name(b, "flags");
        json_builder_begin_object(b);
        for (size_t f = 0; f < G_N_ELEMENTS(flag_names); f++) {
            NUM(flag_names[f], s.flag_counts[f]);
        }
        json_builder_end_object(b);
#undef NUM
        json_builder_end_object(b);
        out_json(b);
        return 0;
    }
    char *from = out_date(s.first_ts), *to = out_date(s.last_ts);
    printf("%s: %" G_GINT64_FORMAT " events in %" G_GINT64_FORMAT " conversations (%s .. %s)\n",
           ctx->db_path, s.events, s.conversations, from, to);
    g_free(from);
    g_free(to);
    out_table *t = out_table_new("what", ">count", NULL);
    char buf[32];
    for (int c = 0; c < PL_CH__COUNT; c++) {
        g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, s.by_channel[c]);
        char *label = g_strdup_printf("channel %s", pl_channel_name(c));
        out_table_row(t, label, buf);
        g_free(label);
    }
    for (int d = 0; d < 4; d++) {
        g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, s.by_direction[d]);
        char *label = g_strdup_printf("direction %s", pl_direction_name(d));
        out_table_row(t, label, buf);
        g_free(label);
    }
    for (size_t f = 0; f < G_N_ELEMENTS(flag_names); f++) {
        g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, s.flag_counts[f]);
        char *label = g_strdup_printf("flag %s", flag_names[f]);
        out_table_row(t, label, buf);
        g_free(label);
    }
    struct {
        const char *name;
        gint64 v;
    } rest[] = {{"identities", s.identities},
                {"people", s.people},
                {"organisations", s.orgs},
                {"sources", s.sources},
                {"files read", s.files}};
    for (size_t i = 0; i < G_N_ELEMENTS(rest); i++) {
        g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, rest[i].v);
        out_table_row(t, rest[i].name, buf);
    }
    out_table_print(t, stdout, "  ");
    return 0;
}
