/* cmd_ingest.c — parley ingest PATH...: mail (or, with --cdr FORMAT, call
 * records; with --chat FORMAT, chat logs) into the store, with a progress
 * line on a terminal and a summary of what was added, found again, skipped. */
#include "cli.h"
#include "output.h"
#include "progress.h"

static void on_progress(const pl_ingest_stats *s, gpointer ui)
{
    double rate = s->seconds > 0 ? s->messages / s->seconds : 0;
    double per_file = s->files_done ? s->seconds / s->files_done : 0;
    cli_progress_draw(ui, s->files_done, s->files_total, "files", NULL, rate,
                      per_file * (double)(s->files_total - s->files_done));
}

static void print_json(const pl_ingest_stats *s)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
#define NUM(k, v)                                                                                  \
    json_builder_set_member_name(b, k);                                                            \
    json_builder_add_int_value(b, (gint64)(v))
    NUM("files", s->files_total);
    NUM("files_unchanged", s->files_unchanged);
    NUM("files_failed", s->files_failed);
    NUM("messages", s->messages);
    NUM("added", s->added);
    NUM("duplicates", s->duplicates);
    NUM("skipped", s->skipped);
    NUM("system_lines", s->system);
#undef NUM
    json_builder_set_member_name(b, "seconds");
    json_builder_add_double_value(b, s->seconds);
    cli_json_skip_reasons(b, s);
    json_builder_end_object(b);
    out_json(b);
}

static void print_text(const pl_ingest_stats *s, gboolean calls)
{
    printf("ingested %" G_GUINT64_FORMAT " %s from %" G_GUINT64_FORMAT
           " files in %.1f s (%.0f %s/s): %" G_GUINT64_FORMAT " new, %" G_GUINT64_FORMAT
           " already known\n",
           s->messages, calls ? "call records" : "messages", s->files_total - s->files_unchanged,
           s->seconds, s->seconds > 0 ? s->messages / s->seconds : 0.0, calls ? "rows" : "msg",
           s->added, s->duplicates);
    if (s->system)
        printf("chat system lines (joins, parts, notices) left out: %" G_GUINT64_FORMAT "\n",
               s->system);
    if (s->files_unchanged)
        printf("unchanged since last time (not parsed): %" G_GUINT64_FORMAT " files\n",
               s->files_unchanged);
    cli_print_skipped(s);
}

CMD(ingest)
{
    gboolean force = FALSE, quiet = FALSE, json = FALSE;
    char *cdr = NULL, *map = NULL, *chat = NULL;
    GOptionEntry entries[] = {
        {"chat", 0, 0, G_OPTION_ARG_STRING, &chat,
         "read chat logs: jsonl, irc, whatsapp or twitter", "FORMAT"},
        {"cdr", 0, 0, G_OPTION_ARG_STRING, &cdr,
         "read call records: asterisk, freeswitch, twilio or csv", "FORMAT"},
        {"map", 0, 0, G_OPTION_ARG_STRING, &map,
         "CDR columns, e.g. start=Date,from=Caller,to=Callee,seconds=Talk", "SPEC"},
        {"force", 0, 0, G_OPTION_ARG_NONE, &force, "re-read files even when unchanged", NULL},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "no per-file warnings or progress", NULL},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "print the summary as JSON", NULL},
        {NULL}};
    if (!cli_parse("PATH...",
                   "Read Maildir trees, mbox files and .eml folders; with --cdr, call records.",
                   entries, &argc, &argv))
        return 2;
    g_autofree char *cdr_owned = cdr, *map_owned = map, *chat_owned = chat;
    if (chat && cdr)
        return cli_failf("ingest: give --cdr or --chat, not both");
    if (map && !cdr)
        return cli_failf("ingest: --map describes call records: give --cdr FORMAT too");
    if (argc < 2)
        return cli_failf("ingest: give at least one Maildir, mbox file or folder");
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    cli_ui ui = cli_ui_new(quiet);
    pl_ingest_opts o = {cli_warn, &ui, on_progress, &ui, force};
    pl_ingest_stats s;
    pl_ingest_stats_init(&s);
    GError *err = NULL;
    gboolean ok =
        chat  ? pl_ingest_chat(st, ctx->cfg, chat, (const char *const *)argv + 1, &o, &s, &err)
        : cdr ? pl_ingest_cdr(st, ctx->cfg, cdr, map, (const char *const *)argv + 1, &o, &s, &err)
              : pl_ingest_mail(st, ctx->cfg, (const char *const *)argv + 1, &o, &s, &err);
    cli_progress_clear(&ui);
    const char *what = cdr ? "call records" : chat ? "chat messages" : "mail";
    int rc = 0;
    if (!ok)
        rc = cli_fail(err);
    else if (s.files_total == 0 && s.files_failed)
        rc = cli_failf("ingest: nothing could be read");
    else if (s.files_total && s.files_failed == s.files_total)
        rc = cli_failf("ingest: none of the %" G_GUINT64_FORMAT " files could be read",
                       s.files_total);
    else if (s.messages == 0 && s.files_unchanged == 0 && s.skipped > 0)
        rc = cli_failf("ingest: no readable %s in what was given", what);
    if (json)
        print_json(&s);
    else
        print_text(&s, cdr != NULL);
    pl_ingest_stats_clear(&s);
    return rc;
}
